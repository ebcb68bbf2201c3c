using NodaTime;

namespace Crm.Points;

/// <summary>A customer's points at an instant.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Total">The sum of all entries (pending included; negative when a refund took more than was left under <see cref="RefundDebtPolicy.NegativeBalance"/>).</param>
/// <param name="Available">The points that can be spent now (negative while a negative balance is owed).</param>
/// <param name="Pending">The points still in their return window.</param>
/// <param name="Debt">The points owed under <see cref="RefundDebtPolicy.Debt"/>.</param>
/// <param name="ExpiringSoon">The points that expire after now and no later than <paramref name="ExpiringBy"/>.</param>
/// <param name="ExpiringBy">The end of the expiring window.</param>
public sealed record PointsBalance(CustomerId CustomerId, PointAmount Total, PointAmount Available, PointAmount Pending, PointAmount Debt, PointAmount ExpiringSoon, Instant ExpiringBy);
