namespace Crm.Simulation;

/// <summary>The tier changes of a scenario in the period.</summary>
/// <param name="Upgrades">Changes to a higher tier (later in the policy's list).</param>
/// <param name="Downgrades">Changes to a lower tier.</param>
public sealed record TierMoves(int Upgrades, int Downgrades);
