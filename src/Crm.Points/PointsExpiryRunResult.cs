namespace Crm.Points;

/// <summary>What an expiry run did.</summary>
public sealed record PointsExpiryRunResult
{
    /// <summary>Gets the customers whose points expired now.</summary>
    public required int Customers { get; init; }

    /// <summary>Gets the points that expired now.</summary>
    public required PointAmount Points { get; init; }
}
