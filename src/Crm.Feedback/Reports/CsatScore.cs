namespace Crm.Feedback;

/// <summary>A CSAT score: the share of satisfied answers (4 or 5 of 5), as a percentage, with a 95% Wilson score interval.</summary>
public sealed record CsatScore
{
    /// <summary>Gets the answers.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the answers of 4 or 5.</summary>
    public required int Satisfied { get; init; }

    /// <summary>Gets the share satisfied, 0 to 100.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the lower end of the 95% Wilson interval.</summary>
    public required double Low { get; init; }

    /// <summary>Gets the upper end of the 95% Wilson interval.</summary>
    public required double High { get; init; }
}
