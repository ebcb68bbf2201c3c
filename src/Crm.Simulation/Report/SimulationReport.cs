using System.Text.Json;
using NodaTime;

namespace Crm.Simulation;

/// <summary>The result of a simulation: each scenario's figures, each candidate compared with the baseline, and the assumptions made.</summary>
public sealed record SimulationReport
{
    /// <summary>Gets the first day of the period, in the programme's time zone.</summary>
    public required LocalDate From { get; init; }

    /// <summary>Gets the last day of the period (inclusive).</summary>
    public required LocalDate To { get; init; }

    /// <summary>Gets the programme's time zone id.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Gets the scenarios: the baseline first, then each candidate in the request's order.</summary>
    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }

    /// <summary>Gets each candidate compared with the baseline, in the request's order.</summary>
    public required IReadOnlyList<CandidateComparison> Comparisons { get; init; }

    /// <summary>Gets the assumptions the replay made, in words (what is replayed, when the host's jobs are taken to run, what is not replayed).</summary>
    public required IReadOnlyList<string> Assumptions { get; init; }

    /// <summary>Gets the baseline's result.</summary>
    public ScenarioResult Baseline => Scenarios[0];

    /// <summary>Writes the report as a JSON document with the library's settings (<see cref="CrmJson.Options"/>: camelCase, NodaTime values as ISO 8601, money as text).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, CrmJson.Options);

    /// <summary>Returns the period and each scenario and comparison, one per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        string.Join(Environment.NewLine, [$"{From:yyyy-MM-dd}..{To:yyyy-MM-dd} ({TimeZone})", .. Scenarios.Select(s => s.ToString()), .. Comparisons.Select(c => c.ToString())]);
}
