namespace Crm.Simulation.Internal;

/// <summary>A scenario's result with its per-customer tracks and tier order, for the comparisons.</summary>
internal sealed record ScenarioRun(ScenarioResult Result, Dictionary<CustomerId, CustomerTrack> Tracks, IReadOnlyList<string> TierOrder);
