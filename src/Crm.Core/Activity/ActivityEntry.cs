using NodaTime;

namespace Crm;

/// <summary>
/// An entry of a customer's activity journal: a purchase or a refund, resolved to exact amounts per line.
/// </summary>
/// <remarks>
/// <para>The journal is append-only. An entry is identified by <see cref="Kind"/> and <see cref="Id"/> (the host's
/// purchase or refund id), which is the idempotency key of <see cref="IActivityStore.AppendAsync"/>.</para>
/// <para>Entries hold no personal data: the customer appears by id only. Instants are kept to the tick (100 ns): the
/// manager records a fact's instant truncated to it, and stores need keep no finer.</para>
/// </remarks>
public sealed record ActivityEntry
{
    /// <summary>Gets whether this is a purchase or a refund.</summary>
    public required ActivityKind Kind { get; init; }

    /// <summary>Gets the host's purchase id (for a purchase) or refund id (for a refund).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the purchase this entry belongs to: its own id for a purchase, the refunded purchase for a refund.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the instant of the purchase or refund.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the instant of the purchase this entry belongs to (equal to <see cref="OccurredAt"/> for a purchase).</summary>
    public required Instant PurchasedAt { get; init; }

    /// <summary>Gets the local month, in the programme's time zone, of the purchase this entry belongs to.</summary>
    /// <remarks>A refund counts against the month of its purchase, so a month's net spend is what was bought in it less what of that was returned.</remarks>
    public required YearMonth PurchaseMonth { get; init; }

    /// <summary>Gets the store of the purchase.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the channel of the purchase.</summary>
    public required SalesChannel Channel { get; init; }

    /// <summary>Gets the amount: what was paid for a purchase, what was given back for a refund (positive in both cases).</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the lines, whose amounts sum exactly to <see cref="Amount"/>.</summary>
    public required IReadOnlyList<ActivityLine> Lines { get; init; }

    /// <summary>Gets the instant the library recorded the entry (from its <see cref="NodaTime.IClock"/>).</summary>
    public required Instant RecordedAt { get; init; }

    /// <summary>Gets a hash of the fact exactly as the host sent it (every field, amounts compared by value), which a replay of the same id must match.</summary>
    /// <value>Hexadecimal text set by <see cref="CrmManager"/>; <see langword="null"/> for entries recorded before the library kept it, whose replays are compared by their stored fields.</value>
    /// <remarks>A store keeps it as it keeps the other fields; it is not personal data (it cannot be reversed to the fact).</remarks>
    public string? ContentHash { get; init; }

    /// <summary>Gets the entry's position in the customer's journal, starting at 1; assigned by the store on append (0 before).</summary>
    public long Sequence { get; init; }
}
