using System.Data.Common;
using System.Runtime.CompilerServices;
using Crm.Coupons;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="ICouponStore"/> over the relational base: versioned coupons and each template's usage counters.</summary>
/// <remarks>
/// Issuing first bumps the template's usage row with a conditional <c>UPDATE ... WHERE issued &lt; max</c>, which also takes
/// that row's lock (PostgreSQL) or runs under the database write lock (SQLite), so the per-customer count of the insert
/// that follows is serialised per template. An update is a versioned <c>UPDATE ... WHERE version = @expected</c>, so of
/// many concurrent writers exactly one wins. Each of these must change one row; a budget, a cap, a used key or a moved
/// version fails the write (outside a unit of work, the store answers the budget, the cap and the key as the contract says).
/// </remarks>
internal sealed class SqlCouponStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), ICouponStore, IPrefetcher
{
    private const string Columns = "coupon_id, template_id, customer_id, status, version, reason, issue_key, issued_at, valid_from, valid_to, reservation_key, reserved_until, redemption_key, redeemed_at";
    private const string Values = "@id, @template, @customer, @status, 1, @reason, @key, @issued, @from, @to, @rkey, @runtil, @dkey, @dat";
    private const string ByKeyTable = "coupons-by-key";
    private const string BudgetTag = "budget";
    private const string CapTag = "cap";

    public async Task<Coupon?> FindAsync(string couponId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(couponId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {Columns} FROM crm_coupons WHERE coupon_id = @id", [("@id", couponId)]), Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Coupon>> ListByCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(session.Command($"SELECT {Columns} FROM crm_coupons WHERE customer_id = @customer ORDER BY issued_at, coupon_id", [("@customer", customerId.Value)]), Read, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Coupon>> ListByKeyAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (TryReadAhead<ByKey>(ByKeyTable, string.Empty, cancellationToken, out var known) && known!.Covers(customerId, key))
        {
            return [.. known.Coupons.Where(c => c.CustomerId == customerId && (c.ReservationKey == key || c.RedemptionKey == key)).OrderBy(c => c.Id, StringComparer.Ordinal)];
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command($"SELECT {Columns} FROM crm_coupons WHERE customer_id = @customer AND (reservation_key = @key OR redemption_key = @key) ORDER BY coupon_id", [("@customer", customerId.Value), ("@key", key)]),
            Read,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<CouponStoreIssueResult> IssueAsync(Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        ArgumentNullException.ThrowIfNull(limits);
        var stored = coupon with { Version = 1 };
        var conflict = ($"issue '{coupon.IssueKey}' of coupon template {coupon.TemplateId}", 0L);
        SqlParameters parameters =
        [
            .. Parameters(stored).Values,
            ("@max", (long)(limits.MaxIssued ?? -1)),
            ("@cap", (long)(limits.MaxPerCustomer ?? -1)),
            ("@pfrom", limits.PeriodStart is { } start ? Ticks(start) : long.MinValue),
            ("@pto", limits.PeriodEnd is { } end ? Ticks(end) : long.MaxValue),
        ];
        SqlWrite[] writes =
        [
            EnsureUsage(coupon.TemplateId),
            new("UPDATE crm_coupon_usage SET issued = issued + 1 WHERE template_id = @template AND (@max < 0 OR issued < @max)", parameters, 1, conflict, BudgetTag),

            // The count runs after the usage row's lock is held, so issues of one template for one customer are serialised.
            new(
                limits.MaxPerCustomer is null
                    ? $"INSERT INTO crm_coupons ({Columns}) VALUES ({Values}) ON CONFLICT (issue_key) DO NOTHING"
                    : $"INSERT INTO crm_coupons ({Columns}) SELECT {Values} WHERE (SELECT COUNT(*) FROM crm_coupons WHERE customer_id = @customer AND template_id = @template " +
                      "AND issued_at >= @pfrom AND issued_at < @pto) < @cap ON CONFLICT (issue_key) DO NOTHING",
                parameters,
                1,
                conflict,
                CapTag),
        ];
        if (await TryWriteAsync(writes, cancellationToken).ConfigureAwait(false) is not { } failed)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.Issued, stored);
        }

        // Outside a unit: idempotency comes before the limits.
        if (await FindByIssueKeyAsync(coupon.IssueKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return new CouponStoreIssueResult(CouponStoreIssueStatus.Replayed, earlier);
        }

        return failed.Tag switch
        {
            BudgetTag => new CouponStoreIssueResult(CouponStoreIssueStatus.BudgetExhausted, null),
            CapTag when limits.MaxPerCustomer is not null => new CouponStoreIssueResult(CouponStoreIssueStatus.CustomerCapReached, null),
            _ => throw failed.ToConflict(),
        };
    }

    public async Task<Coupon?> UpdateAsync(Coupon coupon, long expectedVersion, int redeemedDelta, CouponBudgetCheck? budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        var writes = new List<SqlWrite>(4)
        {
            new(
                "UPDATE crm_coupons SET version = version + 1, status = @status, valid_from = @from, valid_to = @to, reservation_key = @rkey, reserved_until = @runtil, redemption_key = @dkey, redeemed_at = @dat " +
                "WHERE coupon_id = @id AND version = @expected",
                [.. Parameters(coupon).Values, ("@expected", expectedVersion)],
                1,
                ($"coupon {coupon.Id}", expectedVersion)),
        };
        if (redeemedDelta != 0 || budget is not null)
        {
            // Also when the delta is 0 (a reservation): the update takes the usage row's lock (PostgreSQL) or runs under the
            // write lock (SQLite), which every write taking a place in the template's budget takes too.
            writes.Add(EnsureUsage(coupon.TemplateId));
            writes.Add(new("UPDATE crm_coupon_usage SET redeemed = redeemed + @delta WHERE template_id = @template", [("@template", coupon.TemplateId), ("@delta", (long)redeemedDelta)], 1, ($"usage of coupon template {coupon.TemplateId}", 0)));
        }

        if (budget is not null)
        {
            // Why this is exact: it runs after the lock above is held, as a statement of its own, so under READ COMMITTED it
            // reads a fresh snapshot holding every write of the template committed by an earlier holder of the lock (and
            // this unit's own coupon row); a later one waits and then sees this one. Reservations are counted from the
            // coupons rather than kept in a counter, so one that lapses stops counting by itself: no job has to reclaim it,
            // and a release, confirmation or re-reservation cannot count it twice (ix_crm_coupons_reserved keeps it cheap).
            writes.Add(new(
                "UPDATE crm_coupon_usage SET redeemed = redeemed WHERE template_id = @template AND redeemed + " +
                "(SELECT COUNT(*) FROM crm_coupons WHERE template_id = @template AND status = 1 AND reserved_until > @now) <= @max",
                [("@template", coupon.TemplateId), ("@now", Ticks(budget.Now)), ("@max", (long)budget.MaxRedeemed)],
                1,
                ($"redeemed budget of coupon template {coupon.TemplateId}", budget.MaxRedeemed),
                BudgetTag));
        }

        return await TryWriteAsync(writes, cancellationToken).ConfigureAwait(false) switch
        {
            null => coupon with { Version = expectedVersion + 1 },
            { Tag: BudgetTag } => null,
            var failed => throw failed.ToConflict(),
        };
    }

    public async Task<CouponUsage> GetUsageAsync(string templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var usage = await ReadAsync(session.Command("SELECT issued, redeemed FROM crm_coupon_usage WHERE template_id = @template", [("@template", templateId)]), r => new CouponUsage(templateId, r.GetInt64(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return usage.FirstOrDefault() ?? new CouponUsage(templateId, 0, 0);
    }

    public async Task<CouponUsage> GetUsageAtAsync(string templateId, NodaTime.Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var usage = await ReadAsync(
            session.Command(
                "SELECT COALESCE((SELECT issued FROM crm_coupon_usage WHERE template_id = @template), 0), COALESCE((SELECT redeemed FROM crm_coupon_usage WHERE template_id = @template), 0), " +
                "(SELECT COUNT(*) FROM crm_coupons WHERE template_id = @template AND status = 1 AND reserved_until > @now)",
                [("@template", templateId), ("@now", Ticks(now))]),
            r => new CouponUsage(templateId, r.GetInt64(0), r.GetInt64(1)) { Reserved = r.GetInt64(2) },
            cancellationToken).ConfigureAwait(false);
        return usage.Single();
    }

    /// <summary>Reads ahead the customers' coupons reserved or redeemed under the purchases' ids.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch)
    {
        if (prefetch.Customers.Count == 0 || prefetch.PurchaseIds.Count == 0)
        {
            return;
        }

        var customers = batch.CustomerIds;
        var keys = prefetch.PurchaseIds.Distinct(StringComparer.Ordinal).ToList();
        var (isCustomer, customerValue) = batch.OneOf("customer_id", "@customers", customers);
        var (isReservation, keyValue) = batch.OneOf("reservation_key", "@keys", keys);
        var (isRedemption, _) = batch.OneOf("redemption_key", "@keys", keys);
        batch.Add(
            $"SELECT {Columns} FROM crm_coupons WHERE {isCustomer} AND ({isReservation} OR {isRedemption})",
            [("@customers", customerValue), ("@keys", keyValue)],
            async (reader, unit, cancellationToken) => unit.ReadAhead(ByKeyTable, string.Empty, new ByKey([.. customers], [.. keys], await ReadRowsAsync(reader, Read, cancellationToken).ConfigureAwait(false))));
    }

    private static SqlWrite EnsureUsage(string templateId) =>
        new("INSERT INTO crm_coupon_usage (template_id, issued, redeemed) VALUES (@template, 0, 0) ON CONFLICT (template_id) DO NOTHING", [("@template", templateId)]);

    private static SqlParameters Parameters(Coupon coupon) =>
    [
        ("@id", coupon.Id),
        ("@template", coupon.TemplateId),
        ("@customer", coupon.CustomerId.Value),
        ("@status", (long)coupon.Status),
        ("@reason", (long)coupon.Reason),
        ("@key", coupon.IssueKey),
        ("@issued", Ticks(coupon.IssuedAt)),
        ("@from", Ticks(coupon.ValidFrom)),
        ("@to", Ticks(coupon.ValidTo)),
        ("@rkey", Text(coupon.ReservationKey)),
        ("@runtil", coupon.ReservedUntil is { } until ? Ticks(until) : null),
        ("@dkey", Text(coupon.RedemptionKey)),
        ("@dat", coupon.RedeemedAt is { } at ? Ticks(at) : null),
    ];

    private static Coupon Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        TemplateId = reader.GetString(1),
        CustomerId = new CustomerId(reader.GetString(2)),
        Status = (CouponStatus)reader.GetInt64(3),
        Version = reader.GetInt64(4),
        Reason = (CouponIssueReason)reader.GetInt64(5),
        IssueKey = reader.GetString(6),
        IssuedAt = Instant(reader.GetInt64(7)),
        ValidFrom = Instant(reader.GetInt64(8)),
        ValidTo = Instant(reader.GetInt64(9)),
        ReservationKey = Text(reader, 10),
        ReservedUntil = Instant(reader, 11),
        RedemptionKey = Text(reader, 12),
        RedeemedAt = Instant(reader, 13),
    };

    private async Task<Coupon?> FindByIssueKeyAsync(string issueKey, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {Columns} FROM crm_coupons WHERE issue_key = @key", [("@key", issueKey)]), Read, cancellationToken, operation).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>The coupons read ahead: of which customers and keys, so a look-up outside them goes to the database.</summary>
    private sealed class ByKey(HashSet<string> customers, HashSet<string> keys, IReadOnlyList<Coupon> coupons)
    {
        public IReadOnlyList<Coupon> Coupons { get; } = coupons;

        public bool Covers(CustomerId customer, string key) => customers.Contains(customer.Value) && keys.Contains(key);
    }
}
