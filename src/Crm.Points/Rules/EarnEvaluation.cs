namespace Crm.Points;

/// <summary>The points a purchase earns under the earn rules, and why: each rule that contributed and how many points.</summary>
public sealed class EarnEvaluation
{
    internal EarnEvaluation(PointAmount points, IReadOnlyList<EarnContribution> contributions, bool firstPurchaseBonus, string? birthdayKey, string? dayKey)
    {
        Points = points;
        Contributions = contributions;
        FirstPurchaseBonus = firstPurchaseBonus;
        BirthdayKey = birthdayKey;
        DayKey = dayKey;
    }

    /// <summary>Gets the points earned (never negative).</summary>
    public PointAmount Points { get; }

    /// <summary>Gets the rules that contributed, in the order they were applied; their points sum to <see cref="Points"/>.</summary>
    public IReadOnlyList<EarnContribution> Contributions { get; }

    /// <summary>Gets a value indicating whether the first-purchase bonus was given.</summary>
    internal bool FirstPurchaseBonus { get; }

    /// <summary>Gets the counter of the birthday bonus given (<c>birthday:2026</c>), if one was.</summary>
    internal string? BirthdayKey { get; }

    /// <summary>Gets the counter of the day's points, when a daily cap is set.</summary>
    internal string? DayKey { get; }

    /// <summary>Explains the award in one line, such as <c>base 1 per unit: +45 pts; member day Tuesday x2: +45 pts</c>.</summary>
    /// <returns>The contributions joined by <c>; </c>, or <c>no points</c>.</returns>
    /// <remarks>This is the reason of the purchase's ledger entry; it runs on every purchase, so it allocates only the string.</remarks>
    public override string ToString()
    {
        var text = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0, System.Globalization.CultureInfo.InvariantCulture, stackalloc char[256]);
        if (Contributions.Count == 0)
        {
            text.AppendLiteral("no points");
        }

        for (var i = 0; i < Contributions.Count; i++)
        {
            var contribution = Contributions[i];
            if (i > 0)
            {
                text.AppendLiteral("; ");
            }

            text.AppendLiteral(contribution.Rule);
            text.AppendLiteral(contribution.Points.IsNegative ? ": " : ": +");
            text.AppendFormatted(contribution.Points.Value);
            text.AppendLiteral(" pts");
        }

        return text.ToStringAndClear();
    }

    /// <summary>Reads the contributions back from the text <see cref="ToString"/> wrote (an earn entry's reason), for a replay.</summary>
    /// <param name="reason">The text.</param>
    /// <returns>The contributions; empty when the text is not one <see cref="ToString"/> writes (a rule named with "; " in it, say).</returns>
    internal static IReadOnlyList<EarnContribution> ParseContributions(string reason)
    {
        if (reason == "no points")
        {
            return [];
        }

        var contributions = new List<EarnContribution>();
        foreach (var part in reason.Split("; "))
        {
            var colon = part.LastIndexOf(": ", StringComparison.Ordinal);
            if (colon < 0 || !part.EndsWith(" pts", StringComparison.Ordinal)
                || !long.TryParse(part.AsSpan(colon + 2, part.Length - colon - 6), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var points))
            {
                return [];
            }

            contributions.Add(new EarnContribution(part[..colon], new PointAmount(points)));
        }

        // Only a text that reads back into exactly itself is trusted.
        var parsed = new EarnEvaluation(new PointAmount(contributions.Sum(c => c.Points.Value)), contributions, false, null, null);
        return parsed.ToString() == reason ? contributions : [];
    }
}
