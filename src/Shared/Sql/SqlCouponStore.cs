using System.Data.Common;
using System.Globalization;
using Crm.Coupons;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary><see cref="ICouponStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
/// <remarks>
/// Each write is one transaction. Issuing first bumps the template's usage row with a conditional
/// <c>UPDATE ... WHERE issued &lt; max</c>, which also takes that row's lock (PostgreSQL) or runs under the database
/// write lock (SQLite), so the per-customer count that follows and the insert are serialised per template.
/// An update is a versioned <c>UPDATE ... WHERE version = @expected</c>, so of many concurrent writers exactly one wins.
/// </remarks>
internal sealed class SqlCouponStore(SqlDatabase database) : ICouponStore
{
    private const string Columns = "coupon_id, template_id, customer_id, status, version, reason, issue_key, issued_at, valid_from, valid_to, reservation_key, reserved_until, redemption_key, redeemed_at";

    public async Task<Coupon?> FindAsync(string couponId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(couponId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_coupons WHERE coupon_id = @id", ("@id", couponId));
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Coupon>> ListByCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_coupons WHERE customer_id = @customer ORDER BY issued_at, coupon_id", ("@customer", customerId.Value));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CouponStoreIssueResult> IssueAsync(Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (await FindByIssueKeyAsync(connection, transaction, coupon.IssueKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new CouponStoreIssueResult(CouponStoreIssueStatus.AlreadyIssued, earlier);
        }

        await EnsureUsageAsync(connection, transaction, coupon.TemplateId, cancellationToken).ConfigureAwait(false);
        await using (var bump = SqlDatabase.Command(
            connection,
            transaction,
            "UPDATE crm_coupon_usage SET issued = issued + 1 WHERE template_id = @template AND (@max < 0 OR issued < @max) RETURNING issued",
            ("@template", coupon.TemplateId),
            ("@max", (long)(limits.MaxIssued ?? -1))))
        {
            if (await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new CouponStoreIssueResult(CouponStoreIssueStatus.BudgetExhausted, null);
            }
        }

        if (limits.MaxPerCustomer is { } cap)
        {
            await using var count = SqlDatabase.Command(
                connection,
                transaction,
                "SELECT COUNT(*) FROM crm_coupons WHERE customer_id = @customer AND template_id = @template AND issued_at >= @from AND issued_at < @to",
                ("@customer", coupon.CustomerId.Value),
                ("@template", coupon.TemplateId),
                ("@from", limits.PeriodStart?.ToUnixTimeTicks() ?? long.MinValue),
                ("@to", limits.PeriodEnd?.ToUnixTimeTicks() ?? long.MaxValue));
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) >= cap)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new CouponStoreIssueResult(CouponStoreIssueStatus.CustomerCapReached, null);
            }
        }

        var stored = coupon with { Version = 1 };
        await using (var insert = SqlDatabase.Command(
            connection,
            transaction,
            $"INSERT INTO crm_coupons ({Columns}) VALUES (@id, @template, @customer, @status, 1, @reason, @key, @issued, @from, @to, @rkey, @runtil, @dkey, @dat) ON CONFLICT (issue_key) DO NOTHING RETURNING version",
            Parameters(stored)))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
            {
                // Another writer issued under the same key between our check and our insert (possible on PostgreSQL with a different template).
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new CouponStoreIssueResult(CouponStoreIssueStatus.AlreadyIssued, await FindByIssueKeyAsync(connection, null, coupon.IssueKey, cancellationToken).ConfigureAwait(false));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CouponStoreIssueResult(CouponStoreIssueStatus.Issued, stored);
    }

    public async Task<Coupon?> UpdateAsync(Coupon coupon, long expectedVersion, int redeemedDelta, int? maxRedeemed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        string? templateId;
        await using (var update = SqlDatabase.Command(
            connection,
            transaction,
            "UPDATE crm_coupons SET version = version + 1, status = @status, reservation_key = @rkey, reserved_until = @runtil, redemption_key = @dkey, redeemed_at = @dat " +
            "WHERE coupon_id = @id AND version = @expected RETURNING template_id",
            [.. Parameters(coupon), ("@expected", expectedVersion)]))
        {
            templateId = await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        if (templateId is null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException($"coupon {coupon.Id}", expectedVersion, null);
        }

        if (redeemedDelta != 0)
        {
            await EnsureUsageAsync(connection, transaction, templateId, cancellationToken).ConfigureAwait(false);
            await using var bump = SqlDatabase.Command(
                connection,
                transaction,
                "UPDATE crm_coupon_usage SET redeemed = redeemed + @delta WHERE template_id = @template AND (@delta <= 0 OR @max < 0 OR redeemed + @delta <= @max) RETURNING redeemed",
                ("@template", templateId),
                ("@delta", (long)redeemedDelta),
                ("@max", (long)(maxRedeemed ?? -1)));
            if (await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return coupon with { Version = expectedVersion + 1, TemplateId = templateId };
    }

    public async Task<CouponUsage> GetUsageAsync(string templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, "SELECT issued, redeemed FROM crm_coupon_usage WHERE template_id = @template", ("@template", templateId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new CouponUsage(templateId, reader.GetInt64(0), reader.GetInt64(1))
            : new CouponUsage(templateId, 0, 0);
    }

    private static (string, object?)[] Parameters(Coupon coupon) =>
    [
        ("@id", coupon.Id),
        ("@template", coupon.TemplateId),
        ("@customer", coupon.CustomerId.Value),
        ("@status", (long)coupon.Status),
        ("@reason", (long)coupon.Reason),
        ("@key", coupon.IssueKey),
        ("@issued", coupon.IssuedAt.ToUnixTimeTicks()),
        ("@from", coupon.ValidFrom.ToUnixTimeTicks()),
        ("@to", coupon.ValidTo.ToUnixTimeTicks()),
        ("@rkey", Text(coupon.ReservationKey)),
        ("@runtil", coupon.ReservedUntil?.ToUnixTimeTicks()),
        ("@dkey", Text(coupon.RedemptionKey)),
        ("@dat", coupon.RedeemedAt?.ToUnixTimeTicks()),
    ];

    private static object Text(string? value) => value is null ? NullText.Value : value;

    private static async Task EnsureUsageAsync(SqlSession connection, DbTransaction transaction, string templateId, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(
            connection,
            transaction,
            "INSERT INTO crm_coupon_usage (template_id, issued, redeemed) VALUES (@template, 0, 0) ON CONFLICT (template_id) DO NOTHING",
            ("@template", templateId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Coupon?> FindByIssueKeyAsync(SqlSession connection, DbTransaction? transaction, string issueKey, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(connection, transaction, $"SELECT {Columns} FROM crm_coupons WHERE issue_key = @key", ("@key", issueKey));
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<Coupon>> ReadAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var coupons = new List<Coupon>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            coupons.Add(new Coupon
            {
                Id = reader.GetString(0),
                TemplateId = reader.GetString(1),
                CustomerId = new CustomerId(reader.GetString(2)),
                Status = (CouponStatus)reader.GetInt64(3),
                Version = reader.GetInt64(4),
                Reason = (CouponIssueReason)reader.GetInt64(5),
                IssueKey = reader.GetString(6),
                IssuedAt = Instant.FromUnixTimeTicks(reader.GetInt64(7)),
                ValidFrom = Instant.FromUnixTimeTicks(reader.GetInt64(8)),
                ValidTo = Instant.FromUnixTimeTicks(reader.GetInt64(9)),
                ReservationKey = reader.IsDBNull(10) ? null : reader.GetString(10),
                ReservedUntil = reader.IsDBNull(11) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(11)),
                RedemptionKey = reader.IsDBNull(12) ? null : reader.GetString(12),
                RedeemedAt = reader.IsDBNull(13) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(13)),
            });
        }

        return coupons;
    }
}
