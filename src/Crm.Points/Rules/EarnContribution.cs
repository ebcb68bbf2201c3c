namespace Crm.Points;

/// <summary>One line of an award's explanation: a rule and the points it contributed (negative for a cap).</summary>
/// <param name="Rule">The rule, such as <c>base 1 per unit</c>, <c>category coffee x2</c> or <c>cap per purchase 500</c>.</param>
/// <param name="Points">The points it contributed.</param>
public sealed record EarnContribution(string Rule, PointAmount Points)
{
    /// <summary>Formats the line, such as <c>category coffee x2: +45 pts</c>.</summary>
    /// <returns>The rule and its points.</returns>
    public override string ToString() => $"{Rule}: {(Points.IsNegative ? string.Empty : "+")}{Points}";
}
