namespace Crm.Baskets;

/// <summary>How association rules are mined: the thresholds an itemset and a rule must reach, and the largest itemset.</summary>
/// <remarks>
/// <para>An itemset is frequent when it is in at least <see cref="MinSupport"/> × the number of baskets, rounded up (at 0.001
/// of 9,835 baskets: 10). A rule X ⇒ y (one item on the right, as in arules' <c>apriori</c>) is kept when its confidence,
/// count(X ∪ {y}) / count(X), is at least <see cref="MinConfidence"/> and its lift at least <see cref="MinLift"/>. Thresholds are
/// compared exactly, in decimal arithmetic on the counts, so a rule at exactly the threshold is kept on every machine.</para>
/// </remarks>
public sealed record MiningParameters
{
    /// <summary>Gets the least share of baskets an itemset must be in, in (0, 1].</summary>
    /// <value>The default value is 0.001 (one basket in a thousand).</value>
    public double MinSupport { get; init; } = 0.001;

    /// <summary>Gets the least confidence a rule must have, in [0, 1].</summary>
    /// <value>The default value is 0.1.</value>
    public double MinConfidence { get; init; } = 0.1;

    /// <summary>Gets the least lift a rule must have, at least 0; 1 keeps only items bought together more often than by chance.</summary>
    /// <value>The default value is 1.</value>
    public double MinLift { get; init; } = 1;

    /// <summary>Gets the largest itemset (antecedent plus consequent), 2 to 10.</summary>
    /// <value>The default value is 4.</value>
    public int MaxItemsetSize { get; init; } = 4;

    /// <summary>Checks the parameters.</summary>
    /// <param name="path">The JSON path of the parameters, for the error.</param>
    /// <exception cref="CrmValidationException">A parameter is out of range (<see cref="CrmErrorCodes.RulesInvalid"/>).</exception>
    internal void Validate(string path)
    {
        if (!(MinSupport > 0 && MinSupport <= 1))
        {
            throw BasketPolicy.Invalid(path + ".minSupport", $"The minimum support is {MinSupport}; it must be above 0 and at most 1.");
        }

        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            throw BasketPolicy.Invalid(path + ".minConfidence", $"The minimum confidence is {MinConfidence}; it must be between 0 and 1.");
        }

        if (!(MinLift >= 0 && MinLift <= 1e6))
        {
            throw BasketPolicy.Invalid(path + ".minLift", $"The minimum lift is {MinLift}; it must be between 0 and 1,000,000.");
        }

        if (MaxItemsetSize is < 2 or > 10)
        {
            throw BasketPolicy.Invalid(path + ".maxItemsetSize", $"The largest itemset is {MaxItemsetSize}; it must be between 2 and 10 (a rule needs two items).");
        }
    }

    /// <summary>The least number of baskets among <paramref name="baskets"/> a frequent itemset is in: the minimum support times the baskets, rounded up, at least 1.</summary>
    internal int MinCount(int baskets) => Math.Max(1, (int)Math.Ceiling((decimal)MinSupport * baskets));
}
