namespace Crm.Feedback;

/// <summary>A CSAT score: the share of satisfied answers (4 or 5 of 5), as a percentage, with a 95% Wilson score interval.</summary>
/// <param name="Count">The answers.</param>
/// <param name="Satisfied">Answers of 4 or 5.</param>
/// <param name="Score">The share satisfied, 0 to 100.</param>
/// <param name="Low">The lower end of the 95% Wilson interval.</param>
/// <param name="High">The upper end of the 95% Wilson interval.</param>
public sealed record CsatScore(int Count, int Satisfied, double Score, double Low, double High);
