using System.Data.Common;
using System.Globalization;
using Crm.Membership;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary><see cref="IMembershipStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
/// <remarks>A save is one transaction: the versioned upsert of the member row, then the history row keyed by (member, change key).</remarks>
internal sealed class SqlMembershipStore(SqlDatabase database) : IMembershipStore
{
    private const string Columns = "customer_id, version, tier, reached_at, review_at, grace_until, override_tier, override_reason, override_operator, override_expires_at, welcome_pending";

    public async Task<MemberState?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_members WHERE customer_id = @id", ("@id", customerId.Value));
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<MemberState> SaveAsync(MemberState state, long expectedVersion, TierChange? change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var o = state.Override;
        (string, object?)[] parameters =
        [
            ("@id", state.CustomerId.Value),
            ("@expected", expectedVersion),
            ("@tier", state.Tier),
            ("@reached", state.ReachedAt.ToUnixTimeTicks()),
            ("@review", state.ReviewAt?.ToUnixTimeTicks()),
            ("@grace", state.GraceUntil?.ToUnixTimeTicks()),
            ("@otier", Text(o?.Tier)),
            ("@oreason", Text(o?.Reason)),
            ("@ooperator", Text(o?.OperatorId)),
            ("@oexpires", o?.ExpiresAt.ToUnixTimeTicks()),
            ("@welcome", state.WelcomePending ? 1L : 0L),
        ];
        var sql = expectedVersion == 0
            ? $"INSERT INTO crm_members ({Columns}) VALUES (@id, 1, @tier, @reached, @review, @grace, @otier, @oreason, @ooperator, @oexpires, @welcome) ON CONFLICT (customer_id) DO NOTHING RETURNING version"
            : "UPDATE crm_members SET version = version + 1, tier = @tier, reached_at = @reached, review_at = @review, grace_until = @grace, override_tier = @otier, " +
              "override_reason = @oreason, override_operator = @ooperator, override_expires_at = @oexpires, welcome_pending = @welcome WHERE customer_id = @id AND version = @expected RETURNING version";
        bool saved;
        await using (var command = SqlDatabase.Command(connection, transaction, sql, parameters))
        {
            saved = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
        }

        if (saved && change is not null)
        {
            await using var history = SqlDatabase.Command(
                connection,
                transaction,
                "INSERT INTO crm_member_history (customer_id, change_key, saved_version, from_tier, to_tier, reason, occurred_at, explanation) " +
                "VALUES (@id, @key, @version, @from, @to, @reason, @at, @explanation) ON CONFLICT (customer_id, change_key) DO NOTHING RETURNING saved_version",
                ("@id", state.CustomerId.Value),
                ("@key", change.Key),
                ("@version", expectedVersion + 1),
                ("@from", Text(change.From)),
                ("@to", change.To),
                ("@reason", (long)change.Reason),
                ("@at", change.OccurredAt.ToUnixTimeTicks()),
                ("@explanation", change.Explanation));
            saved = await history.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
        }

        if (!saved)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException($"membership of customer {state.CustomerId}", expectedVersion, null);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return state with { Version = expectedVersion + 1 };
    }

    public async Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "SELECT from_tier, to_tier, reason, occurred_at, explanation, change_key FROM crm_member_history WHERE customer_id = @id ORDER BY saved_version",
            ("@id", customerId.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<TierChange>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new TierChange(
                customerId,
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.GetString(1),
                (TierChangeReason)reader.GetInt64(2),
                Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return changes;
    }

    public async Task<IReadOnlyList<MemberState>> ListAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = after is { } a
            ? SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_members WHERE customer_id > @after ORDER BY customer_id LIMIT @limit", ("@after", a.Value), ("@limit", (long)limit))
            : SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_members ORDER BY customer_id LIMIT @limit", ("@limit", (long)limit));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsGrantedAsync(CustomerId customerId, string grantKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "SELECT COUNT(*) FROM crm_member_grants WHERE customer_id = @id AND grant_key = @key",
            ("@id", customerId.Value),
            ("@key", grantKey));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    public async Task<bool> RecordGrantAsync(CustomerId customerId, string grantKey, Instant grantedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "INSERT INTO crm_member_grants (customer_id, grant_key, granted_at) VALUES (@id, @key, @at) ON CONFLICT (customer_id, grant_key) DO NOTHING RETURNING granted_at",
            ("@id", customerId.Value),
            ("@key", grantKey),
            ("@at", grantedAt.ToUnixTimeTicks()));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
    }

    private static object Text(string? value) => value is null ? NullText.Value : value;

    private static async Task<IReadOnlyList<MemberState>> ReadAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var states = new List<MemberState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(new MemberState
            {
                CustomerId = new CustomerId(reader.GetString(0)),
                Version = reader.GetInt64(1),
                Tier = reader.GetString(2),
                ReachedAt = Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                ReviewAt = reader.IsDBNull(4) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(4)),
                GraceUntil = reader.IsDBNull(5) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(5)),
                Override = reader.IsDBNull(6)
                    ? null
                    : new TierOverride(reader.GetString(6), reader.GetString(7), reader.GetString(8), Instant.FromUnixTimeTicks(reader.GetInt64(9))),
                WelcomePending = reader.GetInt64(10) != 0,
            });
        }

        return states;
    }
}
