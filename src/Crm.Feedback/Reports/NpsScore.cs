namespace Crm.Feedback;

/// <summary>
/// A Net Promoter Score: promoters (9-10) minus detractors (0-6), as a percentage of the answers, with a 95% confidence
/// interval from the normal approximation: variance (p<sub>P</sub> + p<sub>D</sub> − (p<sub>P</sub> − p<sub>D</sub>)²) / n.
/// </summary>
public sealed record NpsScore
{
    /// <summary>Gets the answers.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the answers of 9 or 10.</summary>
    public required int Promoters { get; init; }

    /// <summary>Gets the answers of 7 or 8.</summary>
    public required int Passives { get; init; }

    /// <summary>Gets the answers of 0 to 6.</summary>
    public required int Detractors { get; init; }

    /// <summary>Gets the score, -100 to 100.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the lower end of the 95% interval, clamped to -100.</summary>
    public required double Low { get; init; }

    /// <summary>Gets the upper end of the 95% interval, clamped to 100.</summary>
    public required double High { get; init; }
}
