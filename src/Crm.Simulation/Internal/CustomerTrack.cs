namespace Crm.Simulation.Internal;

/// <summary>What one customer got in one scenario's period, kept for the comparison with the baseline.</summary>
internal sealed class CustomerTrack
{
    public long Points { get; set; }

    /// <summary>The earn rules' contributions in the period, summed by rule, in first-seen order.</summary>
    public Dictionary<string, long> ByRule { get; } = new(StringComparer.Ordinal);

    public string? LastTierChange { get; set; }

    public string? TierAtEnd { get; set; }
}
