namespace Crm.Simulation;

/// <summary>Where a scenario's replay is.</summary>
public enum SimulationPhase
{
    /// <summary>Replaying the journal before the period under the baseline's rules, to build the state at its start.</summary>
    Warmup = 0,

    /// <summary>Replaying the period under the scenario's rules.</summary>
    Period = 1,

    /// <summary>Running the end-of-period jobs and reading the results.</summary>
    Report = 2,
}
