using System.Data.Common;
using Crm.Membership;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="IMembershipStore"/> over the relational base: members' versioned records, their history keyed by change, and the benefits granted.</summary>
internal sealed class SqlMembershipStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IMembershipStore, IPrefetcher
{
    private const string Columns = "customer_id, version, tier, reached_at, review_at, grace_until, override_tier, override_reason, override_operator, override_expires_at";
    private const string Table = "member";

    public async Task<MemberState?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<MemberState>(Table, customerId.Value, cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {Columns} FROM crm_members WHERE customer_id = @id", [("@id", customerId.Value)]), Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<MemberState> SaveAsync(MemberState state, long expectedVersion, TierChange? change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var conflict = ($"membership of customer {state.CustomerId}", expectedVersion);
        var o = state.Override;
        SqlParameters parameters =
        [
            ("@id", state.CustomerId.Value),
            ("@expected", expectedVersion),
            ("@tier", state.Tier),
            ("@reached", Ticks(state.ReachedAt)),
            ("@review", state.ReviewAt is { } review ? Ticks(review) : null),
            ("@grace", state.GraceUntil is { } grace ? Ticks(grace) : null),
            ("@otier", Text(o?.Tier)),
            ("@oreason", Text(o?.Reason)),
            ("@ooperator", Text(o?.OperatorId)),
            ("@oexpires", o is not null ? Ticks(o.ExpiresAt) : null),
        ];
        var writes = new List<SqlWrite>(2)
        {
            new(
                expectedVersion == 0
                    ? $"INSERT INTO crm_members ({Columns}) VALUES (@id, 1, @tier, @reached, @review, @grace, @otier, @oreason, @ooperator, @oexpires) ON CONFLICT (customer_id) DO NOTHING"
                    : "UPDATE crm_members SET version = version + 1, tier = @tier, reached_at = @reached, review_at = @review, grace_until = @grace, override_tier = @otier, " +
                      "override_reason = @oreason, override_operator = @ooperator, override_expires_at = @oexpires WHERE customer_id = @id AND version = @expected",
                parameters,
                1,
                conflict),
        };
        if (change is not null)
        {
            writes.Add(new(
                "INSERT INTO crm_member_history (customer_id, change_key, saved_version, from_tier, to_tier, reason, occurred_at, explanation) " +
                "VALUES (@id, @key, @version, @from, @to, @reason, @at, @explanation) ON CONFLICT (customer_id, change_key) DO NOTHING",
                [
                    ("@id", state.CustomerId.Value),
                    ("@key", change.Key),
                    ("@version", expectedVersion + 1),
                    ("@from", Text(change.From)),
                    ("@to", change.To),
                    ("@reason", (long)change.Reason),
                    ("@at", Ticks(change.OccurredAt)),
                    ("@explanation", change.Explanation),
                ],
                1,
                conflict));
        }

        await WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        return state with { Version = expectedVersion + 1 };
    }

    public async Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command("SELECT from_tier, to_tier, reason, occurred_at, explanation, change_key, explanation_erased_at FROM crm_member_history WHERE customer_id = @id ORDER BY saved_version", [("@id", customerId.Value)]),
            r => new TierChange { CustomerId = customerId, From = Text(r, 0), To = r.GetString(1), Reason = (TierChangeReason)r.GetInt64(2), OccurredAt = Instant(r.GetInt64(3)), Explanation = r.GetString(4), Key = r.GetString(5), ExplanationErasedAt = Instant(r, 6) },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        const string History = "customer_id = @id AND reason = @set AND explanation_erased_at IS NULL";
        const string Member = "customer_id = @id AND override_reason IS NOT NULL AND override_reason <> @marker";
        (string, object?)[] history = [("@id", customerId.Value), ("@set", (long)TierChangeReason.OverrideSet)];
        (string, object?)[] member = [("@id", customerId.Value), ("@marker", TierChange.ErasedExplanation)];
        long changes, members;
        await using (var session = await SessionAsync(cancellationToken).ConfigureAwait(false))
        {
            changes = await ReadLongAsync(session.Command($"SELECT COUNT(*) FROM crm_member_history WHERE {History}", history), cancellationToken).ConfigureAwait(false);
            members = await ReadLongAsync(session.Command($"SELECT COUNT(*) FROM crm_members WHERE {Member}", member), cancellationToken).ConfigureAwait(false);
        }

        if (changes + members > 0)
        {
            // The member record moves its version, so a tier change computed from the record read before the erasure fails
            // and is computed again (rather than writing the reason back).
            await WriteAsync(
                [
                    new($"UPDATE crm_member_history SET explanation = @marker, explanation_erased_at = @at WHERE {History}", [.. history, ("@marker", TierChange.ErasedExplanation), ("@at", Ticks(erasedAt))]),
                    new($"UPDATE crm_members SET override_reason = @marker, version = version + 1 WHERE {Member}", member),
                ],
                cancellationToken).ConfigureAwait(false);
        }

        return checked((int)(changes + members));
    }

    public async Task<IReadOnlyList<MemberState>> ListAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = after is { } a
            ? session.Command($"SELECT {Columns} FROM crm_members WHERE customer_id > @after ORDER BY customer_id LIMIT @limit", [("@after", a.Value), ("@limit", (long)limit)])
            : session.Command($"SELECT {Columns} FROM crm_members ORDER BY customer_id LIMIT @limit", [("@limit", (long)limit)]);
        return await ReadAsync(command, Read, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsGrantedAsync(CustomerId customerId, string grantKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantKey);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLongAsync(session.Command("SELECT COUNT(*) FROM crm_member_grants WHERE customer_id = @id AND grant_key = @key", [("@id", customerId.Value), ("@key", grantKey)]), cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RecordGrantAsync(CustomerId customerId, string grantKey, Instant grantedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantKey);
        var write = new SqlWrite(
            "INSERT INTO crm_member_grants (customer_id, grant_key, granted_at) VALUES (@id, @key, @at) ON CONFLICT (customer_id, grant_key) DO NOTHING",
            [("@id", customerId.Value), ("@key", grantKey), ("@at", Ticks(grantedAt))],
            1,
            ($"grant '{grantKey}' of customer {customerId}", 0));

        // Outside a unit a grant recorded before is the answer; in a unit the commit finds it and fails.
        return await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>Reads ahead the customers' records.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch) =>
        ReadAheadByCustomer(batch, Table, isCustomer => $"SELECT {Columns} FROM crm_members WHERE {isCustomer}", Read, m => m.CustomerId.Value);

    private static MemberState Read(DbDataReader reader) => new()
    {
        CustomerId = new CustomerId(reader.GetString(0)),
        Version = reader.GetInt64(1),
        Tier = reader.GetString(2),
        ReachedAt = Instant(reader.GetInt64(3)),
        ReviewAt = Instant(reader, 4),
        GraceUntil = Instant(reader, 5),
        Override = reader.IsDBNull(6) ? null : new TierOverride { Tier = reader.GetString(6), Reason = reader.GetString(7), OperatorId = reader.GetString(8), ExpiresAt = Instant(reader.GetInt64(9)) },
    };
}
