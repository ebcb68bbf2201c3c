using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Simulation;

/// <summary>The names under which Crm.Simulation publishes counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.Activity"/>).</summary>
public static class SimulationTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Crm.Simulation</c>.</summary>
    /// <remarks>Counters: <c>crm.simulation.runs</c> (<c>{run}</c>) and <c>crm.simulation.facts_replayed</c> (<c>{fact}</c>, tagged with the scenario kind).
    /// Spans: <c>crm.simulation.run</c> and one <c>crm.simulation.scenario</c> per scenario.</remarks>
    public const string Name = "Crm.Simulation";

    internal static readonly Meter Meter = new(Name, typeof(SimulationTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(SimulationTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Runs = Meter.CreateCounter<long>("crm.simulation.runs", "{run}", "Simulations run.");

    internal static readonly Counter<long> FactsReplayed = Meter.CreateCounter<long>("crm.simulation.facts_replayed", "{fact}", "Purchases and refunds replayed into simulated worlds.");
}
