using NodaTime;

namespace Crm.Points;

/// <summary>An append-only entry of a customer's points ledger.</summary>
/// <remarks>The customer's balance is the sum of <see cref="Points"/> over all entries.</remarks>
public sealed record PointsEntry
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the entry's position in the customer's ledger, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the idempotency key of the write that appended it, such as <c>purchase:p-1</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Gets what the entry records.</summary>
    public required PointsEntryKind Kind { get; init; }

    /// <summary>Gets the change to the balance: positive for earnings, negative for spending, reversals and expiry.</summary>
    public required PointAmount Points { get; init; }

    /// <summary>Gets when it happened.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets when the points concerned were earned: the purchase's instant for an earning and for its reversal; <see cref="OccurredAt"/> otherwise.</summary>
    public required Instant EarnedAt { get; init; }

    /// <summary>Gets the explanation staff can read, such as <c>base 1 per unit: +45 pts</c> for an earn (its <see cref="Key"/> names the purchase).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the operator who made a manual adjustment, or <see langword="null"/>.</summary>
    public string? OperatorId { get; init; }

    /// <summary>
    /// Gets when the customer's personal data was erased from <see cref="Reason"/> (then <see cref="ErasedReason"/>), or
    /// <see langword="null"/>: the reasons of adjustments and redemptions are typed by people and may name the customer.
    /// </summary>
    public Instant? ReasonErasedAt { get; init; }

    /// <summary>The text that replaces an erased <see cref="Reason"/> (the reason is required, so it is replaced rather than removed).</summary>
    public const string ErasedReason = "(erased)";
}
