using Crm.Membership;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IMembershipStore"/>: each member's record with its history, and the benefits granted.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryMembershipStore : IMembershipStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryMembershipStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryMembershipStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryMembershipStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Membership;

    /// <inheritdoc />
    public Task<MemberState?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(() => Store.Members.GetValueOrDefault(customerId)?.State, cancellationToken);

    /// <inheritdoc />
    public async Task<MemberState> SaveAsync(MemberState state, long expectedVersion, TierChange? change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var saved = state with { Version = expectedVersion + 1 };
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var member = Store.Members.GetValueOrDefault(saved.CustomerId);
                var actual = member?.State.Version ?? 0;
                if (actual != expectedVersion || (change is not null && member is not null && member.History.Any(c => c.Key == change.Key)))
                {
                    throw new CrmConcurrencyException($"membership of customer {saved.CustomerId}", expectedVersion, actual);
                }

                var isNew = member is null;
                var before = member?.State;
                member ??= Store.Members[saved.CustomerId] = new Member(saved);
                member.State = saved;
                if (change is not null)
                {
                    member.History.Add(change);
                }

                return () =>
                {
                    if (isNew)
                    {
                        Store.Members.Remove(saved.CustomerId);
                        return;
                    }

                    member.State = before!;
                    if (change is not null)
                    {
                        member.History.RemoveAt(member.History.Count - 1);
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<TierChange>>(() => [.. Store.Members.GetValueOrDefault(customerId)?.History ?? []], cancellationToken);

    /// <inheritdoc />
    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (!Store.Members.TryGetValue(customerId, out var member))
                {
                    return () => { };
                }

                var stateBefore = member.State;
                var historyBefore = member.History.ToList();
                erased = 0;
                for (var i = 0; i < member.History.Count; i++)
                {
                    if (member.History[i] is { Reason: TierChangeReason.OverrideSet, ExplanationErasedAt: null } change)
                    {
                        member.History[i] = change with { Explanation = TierChange.ErasedExplanation, ExplanationErasedAt = erasedAt };
                        erased++;
                    }
                }

                if (member.State.Override is { } o && !string.Equals(o.Reason, TierChange.ErasedExplanation, StringComparison.Ordinal))
                {
                    member.State = member.State with { Override = o with { Reason = TierChange.ErasedExplanation }, Version = member.State.Version + 1 };
                    erased++;
                }

                return () =>
                {
                    member.State = stateBefore;
                    member.History.Clear();
                    member.History.AddRange(historyBefore);
                };
            },
            cancellationToken).ConfigureAwait(false);
        return erased;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberState>> ListAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<MemberState>>(
            () => [.. Store.Members
                .Where(pair => after is not { } a || pair.Key.CompareTo(a) > 0)
                .OrderBy(pair => pair.Key)
                .Take(limit)
                .Select(pair => pair.Value.State)],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> IsGrantedAsync(CustomerId customerId, string grantKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantKey);
        return _database.ReadAsync(() => Store.Grants.ContainsKey((customerId, grantKey)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RecordGrantAsync(CustomerId customerId, string grantKey, Instant grantedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantKey);
        var recorded = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                // Outside a unit a grant recorded before is the answer; in a unit the commit finds it and fails.
                if (!Store.Grants.TryAdd((customerId, grantKey), grantedAt))
                {
                    recorded = false;
                    return _unit is null ? () => { } : throw new CrmConcurrencyException($"grant '{grantKey}' of customer {customerId}", 0, 1);
                }

                return () => Store.Grants.Remove((customerId, grantKey));
            },
            cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>The membership data of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<CustomerId, Member> Members { get; } = [];

        public Dictionary<(CustomerId Customer, string Key), Instant> Grants { get; } = [];
    }

    /// <summary>A member's record and history.</summary>
    internal sealed class Member(MemberState state)
    {
        public MemberState State { get; set; } = state;

        public List<TierChange> History { get; } = [];
    }
}
