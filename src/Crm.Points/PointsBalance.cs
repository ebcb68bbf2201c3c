using NodaTime;

namespace Crm.Points;

/// <summary>A customer's points at an instant.</summary>
public sealed record PointsBalance
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the sum of all entries (pending included; negative when a refund took more than was left under <see cref="RefundDebtPolicy.NegativeBalance"/>).</summary>
    public required PointAmount Total { get; init; }

    /// <summary>Gets the points that can be spent now (negative while a negative balance is owed).</summary>
    public required PointAmount Available { get; init; }

    /// <summary>Gets the points still in their return window.</summary>
    public required PointAmount Pending { get; init; }

    /// <summary>Gets the points owed under <see cref="RefundDebtPolicy.Debt"/>.</summary>
    public required PointAmount Debt { get; init; }

    /// <summary>Gets the points that expire after now and no later than <see cref="ExpiringBy"/>.</summary>
    public required PointAmount ExpiringSoon { get; init; }

    /// <summary>Gets the end of the expiring window.</summary>
    public required Instant ExpiringBy { get; init; }
}
