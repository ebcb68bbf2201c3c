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

    /// <summary>
    /// Gets when <see cref="Explanation"/> was erased with the customer's personal data (it is then <see cref="ErasedExplanation"/>),
    /// or <see langword="null"/>. Only an <see cref="TierChangeReason.OverrideSet"/> change is erased: its explanation holds the reason staff typed.
    /// </summary>
    public Instant? ExplanationErasedAt { get; init; }

    /// <summary>The text that replaces an erased <see cref="Explanation"/> or <see cref="TierOverride.Reason"/> (both are required, so they are replaced rather than removed).</summary>
    public const string ErasedExplanation = "(erased)";
}
