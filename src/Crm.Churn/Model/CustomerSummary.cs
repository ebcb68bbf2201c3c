namespace Crm.Churn;

/// <summary>
/// One customer's purchase history as the BG/NBD model sees it: repeat purchases, recency and age, all times in one unit
/// (days for <c>ChurnManager</c>, weeks for the CDNOW data).
/// </summary>
/// <param name="Frequency">The number of repeat purchases (all purchases but the first), x.</param>
/// <param name="Recency">The time from the first purchase to the last, t_x (0 when <paramref name="Frequency"/> is 0).</param>
/// <param name="Age">The time from the first purchase to the end of observation, T (at least <paramref name="Recency"/>).</param>
public readonly record struct CustomerSummary(int Frequency, double Recency, double Age);
