using System.Collections.Concurrent;
using Crm.Membership;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IMembershipStore"/>: one lock per member.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryMembershipStore : IMembershipStore
{
    private readonly ConcurrentDictionary<CustomerId, Member> _members = new();
    private readonly ConcurrentDictionary<(CustomerId, string), Instant> _grants = new();

    /// <inheritdoc />
    public Task<MemberState?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_members.TryGetValue(customerId, out var member) ? member.State : null);

    /// <inheritdoc />
    public Task<MemberState> SaveAsync(MemberState state, long expectedVersion, TierChange? change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var member = _members.GetOrAdd(state.CustomerId, static _ => new Member());
        lock (member.Gate)
        {
            var actual = member.State?.Version ?? 0;
            if (actual != expectedVersion || (change is not null && member.Keys.Contains(change.Key)))
            {
                throw new CrmConcurrencyException($"membership of customer {state.CustomerId}", expectedVersion, actual);
            }

            member.State = state with { Version = expectedVersion + 1 };
            if (change is not null)
            {
                member.History.Add(change);
                member.Keys.Add(change.Key);
            }

            return Task.FromResult(member.State);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TierChange>> GetHistoryAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (!_members.TryGetValue(customerId, out var member))
        {
            return Task.FromResult<IReadOnlyList<TierChange>>([]);
        }

        lock (member.Gate)
        {
            return Task.FromResult<IReadOnlyList<TierChange>>([.. member.History]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberState>> ListAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        IReadOnlyList<MemberState> page = [.. _members
            .Where(pair => pair.Value.State is not null && (after is not { } a || pair.Key.CompareTo(a) > 0))
            .OrderBy(pair => pair.Key)
            .Take(limit)
            .Select(pair => pair.Value.State!)];
        return Task.FromResult(page);
    }

    /// <inheritdoc />
    public Task<bool> IsGrantedAsync(CustomerId customerId, string grantKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_grants.ContainsKey((customerId, grantKey)));

    /// <inheritdoc />
    public Task<bool> RecordGrantAsync(CustomerId customerId, string grantKey, Instant grantedAt, CancellationToken cancellationToken = default) =>
        Task.FromResult(_grants.TryAdd((customerId, grantKey), grantedAt));

    private sealed class Member
    {
        public Lock Gate { get; } = new();

        public MemberState? State { get; set; }

        public List<TierChange> History { get; } = [];

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
