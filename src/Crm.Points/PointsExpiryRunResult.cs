namespace Crm.Points;

/// <summary>What an expiry run did.</summary>
public sealed record PointsExpiryRunResult
{
    /// <summary>The customers whose points expired now.</summary>
    public required int Customers { get; init; }

    /// <summary>The points that expired now.</summary>
    public required PointAmount Points { get; init; }
}
