namespace Crm.Churn;

/// <summary>One customer's spend as the Gamma-Gamma model sees it.</summary>
/// <param name="Frequency">The number of repeat purchases, x.</param>
/// <param name="AverageValue">The mean value of those purchases, m̄ (in the programme's currency, as a number).</param>
public readonly record struct SpendSummary(int Frequency, double AverageValue);
