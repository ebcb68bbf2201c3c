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

    /// <summary>Gets the points refunds of the lot's purchase have reversed so far (its full award, before any debt settled).</summary>
    public PointAmount Reversed { get; init; }

    /// <summary>Gets the full award of the lot's purchase (before any debt settled), the base of proportional reversals.</summary>
    public PointAmount Awarded { get; init; }

    /// <summary>Gets how much of the lot's purchase was refunded so far, in minor units of the programme currency.</summary>
    public long RefundedMinorUnits { get; init; }
}
