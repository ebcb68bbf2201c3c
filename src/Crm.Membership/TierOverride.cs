using NodaTime;

namespace Crm.Membership;

/// <summary>A tier set by staff by hand, which wins over the earned tier until it expires.</summary>
public sealed record TierOverride
{
    /// <summary>Gets the tier granted.</summary>
    public required string Tier { get; init; }

    /// <summary>Gets why (shown in the history).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets who set it.</summary>
    public required string OperatorId { get; init; }

    /// <summary>Gets when it ends; the earned tier applies again from then.</summary>
    public required Instant ExpiresAt { get; init; }
}
