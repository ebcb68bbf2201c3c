using NodaTime;

namespace Crm.Points;

/// <summary>Points earned together (by one purchase, event or adjustment), with their own expiry; spending takes from lots.</summary>
public sealed record PointsLot
{
    /// <summary>Gets the lot's id: the idempotency key of the write that created it, such as <c>purchase:p-1</c>.</summary>
    public required string LotId { get; init; }

    /// <summary>Gets when the points were earned.</summary>
    public required Instant EarnedAt { get; init; }

    /// <summary>Gets when the points become spendable (after a return window; equal to <see cref="EarnedAt"/> when there is none).</summary>
    public required Instant AvailableAt { get; init; }

    /// <summary>Gets the first instant at which the points are expired, or <see langword="null"/> when they never expire.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Gets the points the lot was created with (after any debt it settled).</summary>
    public required PointAmount Points { get; init; }

    /// <summary>Gets the points left in the lot.</summary>
    public required PointAmount Remaining { get; init; }

    /// <summary>Gets the points the expiry job removed from the lot that no refund of its purchase has reversed since.</summary>
    /// <remarks>Expired points were never spent, so a refund of the purchase reverses them before it takes anything else.</remarks>
    public PointAmount Expired { get; init; }

    /// <summary>Gets how much of <see cref="Awarded"/> refunds of the lot's purchase have taken back so far, including points that had expired.</summary>
    public PointAmount Reversed { get; init; }

    /// <summary>Gets the full award of the lot's purchase (before any debt settled), the base of proportional reversals.</summary>
    public PointAmount Awarded { get; init; }

    /// <summary>Gets how much of what the lot's purchase paid for lines that earn points was refunded so far, in minor units of the programme currency (the whole amount when no line earned).</summary>
    public long RefundedMinorUnits { get; init; }
}
