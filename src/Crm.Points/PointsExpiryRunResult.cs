namespace Crm.Points;

/// <summary>What an expiry run did.</summary>
/// <param name="Customers">The customers whose points expired now.</param>
/// <param name="Points">The points that expired now.</param>
public sealed record PointsExpiryRunResult(int Customers, PointAmount Points);
