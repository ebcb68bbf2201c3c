using NodaTime;

namespace Crm.Membership;

/// <summary>One entry of a member's tier history: from which tier to which, why, when, and the numbers behind it.</summary>
/// <param name="CustomerId">The member.</param>
/// <param name="From">The tier before, or <see langword="null"/> for a member's first record.</param>
/// <param name="To">The tier after.</param>
/// <param name="Reason">Why.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Explanation">A sentence staff can read, naming the metric and window (such as "12 purchases in 2026-01..2026-12 reach gold's 10").</param>
/// <param name="Key">The idempotency key of the change; a change with a key already in the history is not recorded twice.</param>
public sealed record TierChange(CustomerId CustomerId, string? From, string To, TierChangeReason Reason, Instant OccurredAt, string Explanation, string Key);
