namespace Crm;

/// <summary>
/// The membership tier a customer holds, as other packages see it through <see cref="ICustomerTierProvider"/>.
/// </summary>
/// <param name="Name">The tier's name, such as <c>gold</c>; rules and coupon conditions refer to tiers by this name.</param>
/// <param name="Rank">The tier's position on its ladder, 0 for the entry tier; a higher rank is a better tier.</param>
/// <param name="PointsMultiplier">The points multiplier the tier's benefits grant (1 for none).</param>
public sealed record CustomerTier(string Name, int Rank, decimal PointsMultiplier);
