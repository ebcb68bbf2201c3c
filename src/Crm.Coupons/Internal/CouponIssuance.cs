using System.Globalization;
using NodaTime;

namespace Crm.Coupons.Internal;

/// <summary>Issues coupons: validity from the template, a fresh code, the budget and per-customer cap checked atomically by the store.</summary>
internal sealed class CouponIssuance(IReadOnlyDictionary<string, CouponTemplate> templates, DateTimeZone zone, IClock clock)
{
    /// <summary>Issues a coupon; a refusal says why in <paramref name="culture"/>.</summary>
    public async Task<(CouponIssueResult Result, Coupon? Coupon)> IssueAsync(ICouponStore store, bool inUnit, CouponIssueRequest request, CultureInfo culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.IdempotencyKey, "idempotencyKey");
        if (request.TemplateId is null || !templates.TryGetValue(request.TemplateId, out var template))
        {
            return (new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = CouponTexts.Format(culture, "Issue.UnknownTemplate", request.TemplateId) }, null);
        }

        var now = clock.GetCurrentInstant();
        var (from, to) = ValidityOf(template, now);
        if (to <= now)
        {
            return (new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = CouponTexts.Format(culture, "Issue.Ended", template.Id, to) }, null);
        }

        var coupon = new Coupon
        {
            Id = CouponCodes.Generate(),
            TemplateId = template.Id,
            CustomerId = request.CustomerId,
            Reason = request.Reason,
            IssueKey = request.IdempotencyKey,
            IssuedAt = now,
            ValidFrom = from,
            ValidTo = to,
        };
        var budget = template.Budget;
        var (periodStart, periodEnd) = PeriodOf(budget.PerCustomerPeriod, now);
        var limits = new CouponIssueLimits(budget.MaxIssued, budget.MaxPerCustomer, periodStart, periodEnd);
        // In a unit of work the store checks the key and the limits only at the commit: the answer a caller acts on is read first.
        var stored = (inUnit ? await RefusalAsync(store, coupon, limits, cancellationToken).ConfigureAwait(false) : null)
            ?? await store.IssueAsync(coupon, limits, cancellationToken).ConfigureAwait(false);
        var result = stored.Status switch
        {
            CouponStoreIssueStatus.Issued => new CouponIssueResult { Succeeded = true, CouponId = stored.Coupon!.Id, IsReplay = false, Reason = null },
            CouponStoreIssueStatus.Replayed => new CouponIssueResult { Succeeded = true, CouponId = stored.Coupon!.Id, IsReplay = true, Reason = null },
            CouponStoreIssueStatus.BudgetExhausted => new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = CouponTexts.Format(culture, "Issue.BudgetExhausted", template.Id, budget.MaxIssued) },
            _ => new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = CouponTexts.Format(culture, "Issue.CustomerCap", template.Id, CouponTexts.Cap(culture, budget.MaxPerCustomer, budget.PerCustomerPeriod, uses: false)) },
        };
        return (result, stored.Coupon);
    }

    /// <summary>The validity of a coupon issued now: the fixed window, or N days ending at local midnight.</summary>
    /// <summary>Why the store would refuse to issue a coupon now (its key used, a budget or cap reached), read from committed state; <see langword="null"/> when it would issue it.</summary>
    private static async Task<CouponStoreIssueResult?> RefusalAsync(ICouponStore store, Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken)
    {
        var held = await store.ListByCustomerAsync(coupon.CustomerId, cancellationToken).ConfigureAwait(false);
        if (held.FirstOrDefault(c => string.Equals(c.IssueKey, coupon.IssueKey, StringComparison.Ordinal)) is { } existing)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.Replayed, existing);
        }

        if (limits.MaxIssued is { } maxIssued && (await store.GetUsageAsync(coupon.TemplateId, cancellationToken).ConfigureAwait(false)).Issued >= maxIssued)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.BudgetExhausted, null);
        }

        return limits.MaxPerCustomer is { } cap
            && held.Count(c => c.TemplateId == coupon.TemplateId && (limits.PeriodStart is not { } start || c.IssuedAt >= start) && (limits.PeriodEnd is not { } end || c.IssuedAt < end)) >= cap
            ? new CouponStoreIssueResult(CouponStoreIssueStatus.CustomerCapReached, null)
            : null;
    }

    public (Instant From, Instant To) ValidityOf(CouponTemplate template, Instant now)
    {
        var validity = template.Validity;
        if (validity.Days is { } days)
        {
            var lastDay = now.InZone(zone).Date.PlusDays(days);
            return (now, lastDay.AtStartOfDayInZone(zone).ToInstant());
        }

        return (validity.From!.Value, validity.To!.Value);
    }

    public static void RequireKey(string? key, string field) => Crm.Internal.Guard.Key(key, CouponsErrorCodes.KeyInvalid, field);

    /// <summary>The per-customer cap's period holding <paramref name="now"/>, in the programme's time zone; no bounds for a lifetime cap.</summary>
    public (Instant? Start, Instant? End) PeriodOf(CapPeriod period, Instant now)
    {
        var today = now.InZone(zone).Date;
        (LocalDate start, LocalDate end) = period switch
        {
            CapPeriod.Day => (today, today.PlusDays(1)),
            CapPeriod.Week => (today.PlusDays(1 - (int)today.DayOfWeek), today.PlusDays(8 - (int)today.DayOfWeek)),
            CapPeriod.Month => (today.With(DateAdjusters.StartOfMonth), today.With(DateAdjusters.StartOfMonth).PlusMonths(1)),
            _ => (default, default),
        };
        return period == CapPeriod.Lifetime ? (null, null) : (start.AtStartOfDayInZone(zone).ToInstant(), end.AtStartOfDayInZone(zone).ToInstant());
    }
}
