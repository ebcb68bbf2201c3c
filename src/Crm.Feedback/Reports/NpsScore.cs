namespace Crm.Feedback;

/// <summary>
/// A Net Promoter Score: promoters (9-10) minus detractors (0-6), as a percentage of the answers, with a 95% confidence
/// interval from the normal approximation: variance (p<sub>P</sub> + p<sub>D</sub> − (p<sub>P</sub> − p<sub>D</sub>)²) / n.
/// </summary>
/// <param name="Count">The answers.</param>
/// <param name="Promoters">Answers of 9 or 10.</param>
/// <param name="Passives">Answers of 7 or 8.</param>
/// <param name="Detractors">Answers of 0 to 6.</param>
/// <param name="Score">The score, -100 to 100.</param>
/// <param name="Low">The lower end of the 95% interval, clamped to -100.</param>
/// <param name="High">The upper end of the 95% interval, clamped to 100.</param>
public sealed record NpsScore(int Count, int Promoters, int Passives, int Detractors, double Score, double Low, double High);
