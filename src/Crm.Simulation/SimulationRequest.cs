using NodaTime;

namespace Crm.Simulation;

/// <summary>What to simulate: a period of the journal, which customers, and the candidates to compare with the baseline.</summary>
public sealed record SimulationRequest
{
    /// <summary>Gets the first day of the period, in the programme's time zone (<see cref="CrmOptions.TimeZone"/>).</summary>
    public required LocalDate From { get; init; }

    /// <summary>Gets the last day of the period (inclusive), in the programme's time zone.</summary>
    public required LocalDate To { get; init; }

    /// <summary>Gets the customers to replay.</summary>
    /// <value>The default value is <see cref="SimulationCustomers.All"/>.</value>
    public SimulationCustomers Customers { get; init; } = SimulationCustomers.All;

    /// <summary>Gets the candidates, each compared with the baseline; may be empty to replay the baseline only.</summary>
    public IReadOnlyList<SimulationCandidate> Candidates { get; init; } = [];

    /// <summary>Gets how many customers who gain most and lose most each comparison lists.</summary>
    /// <value>The default value is 10.</value>
    public int TopCustomers { get; init; } = 10;
}
