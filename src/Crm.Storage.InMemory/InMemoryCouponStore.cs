using Crm.Coupons;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ICouponStore"/>: coupons by id, the issue keys, and each template's usage counters.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCouponStore : ICouponStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCouponStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryCouponStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryCouponStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Coupons;

    /// <inheritdoc />
    public Task<Coupon?> FindAsync(string couponId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(couponId);
        return _database.ReadAsync(() => Store.Coupons.GetValueOrDefault(couponId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Coupon>> ListByCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<Coupon>>(
            () => [.. Store.Coupons.Values.Where(c => c.CustomerId == customerId).OrderBy(c => c.IssuedAt).ThenBy(c => c.Id, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Coupon>> ListByKeyAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _database.ReadAsync<IReadOnlyList<Coupon>>(
            () => [.. Store.Coupons.Values
                .Where(c => c.CustomerId == customerId && (string.Equals(c.ReservationKey, key, StringComparison.Ordinal) || string.Equals(c.RedemptionKey, key, StringComparison.Ordinal)))
                .OrderBy(c => c.Id, StringComparer.Ordinal)],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CouponStoreIssueResult> IssueAsync(Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        ArgumentNullException.ThrowIfNull(limits);
        var stored = coupon with { Version = 1 };
        var result = new CouponStoreIssueResult(CouponStoreIssueStatus.Issued, stored);
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit these are answers; in a unit the commit fails on them, and the issuer, reading again, answers.
                var refusal = Refusal(stored, limits);
                if (refusal is not null)
                {
                    result = refusal;
                    return _unit is null ? () => { } : throw new CrmConcurrencyException($"issue '{stored.IssueKey}' of coupon template {stored.TemplateId}", 0, 1);
                }

                if (Store.Coupons.ContainsKey(stored.Id))
                {
                    throw new InvalidOperationException($"A coupon with the code {stored.Id} exists already.");
                }

                var usage = Store.Usage.GetValueOrDefault(stored.TemplateId);
                Store.Coupons.Add(stored.Id, stored);
                Store.IssueKeys.Add(stored.IssueKey, stored.Id);
                Store.Usage[stored.TemplateId] = (usage.Issued + 1, usage.Redeemed);
                return () =>
                {
                    Store.Coupons.Remove(stored.Id);
                    Store.IssueKeys.Remove(stored.IssueKey);
                    Store.Usage[stored.TemplateId] = usage;
                };
            },
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<Coupon?> UpdateAsync(Coupon coupon, long expectedVersion, int redeemedDelta, CouponBudgetCheck? budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        var stored = coupon with { Version = expectedVersion + 1 };
        var withinBudget = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Store.Coupons.TryGetValue(stored.Id, out var current) || current.Version != expectedVersion)
                {
                    throw new CrmConcurrencyException($"coupon {stored.Id}", expectedVersion, current?.Version);
                }

                var usage = Store.Usage.GetValueOrDefault(current.TemplateId);
                var saved = stored with { TemplateId = current.TemplateId, CustomerId = current.CustomerId };

                // Under the database's write lock nothing else writes: counting the other live reservations and adding this
                // coupon as it would be saved is exact, and a lapsed reservation simply stops counting.
                if (budget is not null)
                {
                    var held = usage.Redeemed + redeemedDelta + LiveReservations(current.TemplateId, budget.Now, except: saved.Id) + (IsLive(saved, budget.Now) ? 1 : 0);
                    if (held > budget.MaxRedeemed)
                    {
                        withinBudget = false;
                        return _unit is null ? () => { } : throw new CrmConcurrencyException($"redeemed budget of coupon template {current.TemplateId}", budget.MaxRedeemed, held);
                    }
                }

                Store.Coupons[saved.Id] = saved;
                Store.Usage[current.TemplateId] = (usage.Issued, usage.Redeemed + redeemedDelta);
                return () =>
                {
                    Store.Coupons[saved.Id] = current;
                    Store.Usage[current.TemplateId] = usage;
                };
            },
            cancellationToken).ConfigureAwait(false);
        return withinBudget ? stored : null;
    }

    /// <inheritdoc />
    public Task<CouponUsage> GetUsageAsync(string templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        return _database.ReadAsync(
            () =>
            {
                var usage = Store.Usage.GetValueOrDefault(templateId);
                return new CouponUsage(templateId, usage.Issued, usage.Redeemed);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CouponUsage> GetUsageAtAsync(string templateId, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        return _database.ReadAsync(
            () =>
            {
                var usage = Store.Usage.GetValueOrDefault(templateId);
                return new CouponUsage(templateId, usage.Issued, usage.Redeemed) { Reserved = LiveReservations(templateId, now, except: null) };
            },
            cancellationToken);
    }

    private static bool IsLive(Coupon coupon, Instant now) => coupon.Status == CouponStatus.Reserved && coupon.ReservedUntil > now;

    /// <summary>The template's coupons reserved until after <paramref name="now"/>, but <paramref name="except"/>; a scan, which is simple and fine for tests.</summary>
    private long LiveReservations(string templateId, Instant now, string? except) =>
        Store.Coupons.Values.LongCount(c => c.TemplateId == templateId && IsLive(c, now) && !string.Equals(c.Id, except, StringComparison.Ordinal));

    /// <summary>Why a coupon may not be issued now (its key was used, a budget or cap is reached), or <see langword="null"/>.</summary>
    private CouponStoreIssueResult? Refusal(Coupon coupon, CouponIssueLimits limits)
    {
        if (Store.IssueKeys.TryGetValue(coupon.IssueKey, out var existing))
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.Replayed, Store.Coupons[existing]);
        }

        if (limits.MaxIssued is { } maxIssued && Store.Usage.GetValueOrDefault(coupon.TemplateId).Issued >= maxIssued)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.BudgetExhausted, null);
        }

        if (limits.MaxPerCustomer is { } cap
            && Store.Coupons.Values.Count(c => c.CustomerId == coupon.CustomerId && c.TemplateId == coupon.TemplateId
                && (limits.PeriodStart is not { } start || c.IssuedAt >= start) && (limits.PeriodEnd is not { } end || c.IssuedAt < end)) >= cap)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.CustomerCapReached, null);
        }

        return null;
    }

    /// <summary>The coupon data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<string, Coupon> Coupons { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> IssueKeys { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (long Issued, long Redeemed)> Usage { get; } = new(StringComparer.Ordinal);
    }
}
