namespace Crm.Feedback.Internal;

/// <summary>The arithmetic of NPS and CSAT and their 95% intervals, kept apart from the grouping so tests check it alone.</summary>
internal static class SatisfactionMath
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z = 1.959963984540054;

    public static NpsScore Nps(int promoters, int passives, int detractors)
    {
        var n = promoters + passives + detractors;
        var p = (double)promoters / n;
        var d = (double)detractors / n;
        var score = 100 * (p - d);

        // The NPS is the mean of +1/0/-1 per answer; its variance per answer is E[x²] - E[x]² = p + d - (p - d)².
        var half = 100 * Z * Math.Sqrt(Math.Max(0, p + d - ((p - d) * (p - d))) / n);
        return new NpsScore { Count = n, Promoters = promoters, Passives = passives, Detractors = detractors, Score = score, Low = Math.Max(-100, score - half), High = Math.Min(100, score + half) };
    }

    public static CsatScore Csat(int satisfied, int count)
    {
        var p = (double)satisfied / count;

        // Wilson rather than p ± z·se: it stays inside [0, 1] and is honest at 0% and 100%, common in small stores.
        var z2 = Z * Z;
        var centre = (p + (z2 / (2 * count))) / (1 + (z2 / count));
        var half = Z / (1 + (z2 / count)) * Math.Sqrt((p * (1 - p) / count) + (z2 / (4.0 * count * count)));
        return new CsatScore { Count = count, Satisfied = satisfied, Score = 100 * p, Low = 100 * Math.Max(0, centre - half), High = 100 * Math.Min(1, centre + half) };
    }
}
