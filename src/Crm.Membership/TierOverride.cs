using NodaTime;

namespace Crm.Membership;

/// <summary>A tier set by staff by hand, which wins over the earned tier until it expires.</summary>
/// <param name="Tier">The tier granted.</param>
/// <param name="Reason">Why (shown in the history).</param>
/// <param name="OperatorId">Who set it.</param>
/// <param name="ExpiresAt">When it ends; the earned tier applies again from then.</param>
public sealed record TierOverride(string Tier, string Reason, string OperatorId, Instant ExpiresAt);
