namespace Crm.Simulation;

/// <summary>Progress of a simulation, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Scenario">The scenario being replayed: <c>baseline</c> or a candidate's name.</param>
/// <param name="ScenarioIndex">The scenario's index, 0 for the baseline.</param>
/// <param name="ScenarioCount">The number of scenarios (the baseline and each candidate).</param>
/// <param name="Phase">Where the scenario's replay is.</param>
/// <param name="FactsReplayed">The purchases and refunds the scenario has replayed so far.</param>
public sealed record SimulationProgress(string Scenario, int ScenarioIndex, int ScenarioCount, SimulationPhase Phase, long FactsReplayed);
