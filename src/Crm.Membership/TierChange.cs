using NodaTime;

namespace Crm.Membership;

/// <summary>One entry of a member's tier history: from which tier to which, why, when, and the numbers behind it.</summary>
public sealed record TierChange
{
    /// <summary>Gets the member.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the tier before, or <see langword="null"/> for a member's first record.</summary>
    public string? From { get; init; }

    /// <summary>Gets the tier after.</summary>
    public required string To { get; init; }

    /// <summary>Gets why.</summary>
    public required TierChangeReason Reason { get; init; }

    /// <summary>Gets when.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets a sentence staff can read, naming the metric and window (such as "12 purchases in 2026-01..2026-12 reach gold's 10").</summary>
    public required string Explanation { get; init; }

    /// <summary>Gets the idempotency key of the change; a change with a key already in the history is not recorded twice.</summary>
    public required string Key { get; init; }
}
