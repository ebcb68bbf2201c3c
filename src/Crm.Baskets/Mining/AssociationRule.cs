using System.Globalization;
using System.Text.Json.Serialization;

namespace Crm.Baskets;

/// <summary>
/// An association rule X ⇒ y: baskets holding every item of <see cref="Antecedent"/> also hold <see cref="Consequent"/>
/// in <see cref="Confidence"/> of cases. Kept as counts, so a stored rule reads back exactly; the measures are computed from them.
/// </summary>
public sealed record AssociationRule
{
    /// <summary>Gets the items on the left-hand side, in ordinal order (at least one).</summary>
    public required IReadOnlyList<string> Antecedent { get; init; }

    /// <summary>Gets the item on the right-hand side.</summary>
    public required string Consequent { get; init; }

    /// <summary>Gets the number of baskets holding the antecedent and the consequent.</summary>
    public required int BasketCount { get; init; }

    /// <summary>Gets the number of baskets holding the antecedent.</summary>
    public required int AntecedentCount { get; init; }

    /// <summary>Gets the number of baskets holding the consequent.</summary>
    public required int ConsequentCount { get; init; }

    /// <summary>Gets the number of baskets mined.</summary>
    public required int Baskets { get; init; }

    /// <summary>Gets the share of baskets holding the antecedent and the consequent.</summary>
    [JsonIgnore]
    public double Support => (double)BasketCount / Baskets;

    /// <summary>Gets the share of baskets with the antecedent that also hold the consequent.</summary>
    [JsonIgnore]
    public double Confidence => (double)BasketCount / AntecedentCount;

    /// <summary>Gets how many times more often the consequent is in baskets with the antecedent than in all baskets (1: independent).</summary>
    [JsonIgnore]
    public double Lift => Confidence / ((double)ConsequentCount / Baskets);

    /// <summary>Gets the support less the support expected if antecedent and consequent were independent.</summary>
    [JsonIgnore]
    public double Leverage => Support - ((double)AntecedentCount / Baskets * ((double)ConsequentCount / Baskets));

    /// <summary>Gets (1 - support of the consequent) / (1 - confidence): how much more often the rule would be wrong if the sides were independent.</summary>
    /// <value><see langword="null"/> when the confidence is 1, where conviction is infinite.</value>
    [JsonIgnore]
    public double? Conviction => BasketCount == AntecedentCount ? null : (1 - ((double)ConsequentCount / Baskets)) / (1 - Confidence);

    /// <summary>Gets the rule in words, for a store manager or a customer-facing explanation.</summary>
    /// <param name="culture">The culture of the text (English or Simplified Chinese, with its numbers); <see langword="null"/> for the current UI culture (<see cref="BasketManager"/> passes <see cref="CrmOptions.Culture"/>).</param>
    /// <returns>For example "58.6% of baskets with citrus fruit and root vegetables also have other vegetables; lift 3.03", in zh-CN "含citrus fruit和root vegetables的购物篮中有58.6%也含other vegetables；提升度3.03". Item names are the host's and are not translated.</returns>
    public string Explain(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var texts = Crm.Internal.TextCatalog.Package;
        return texts.Format(culture, "Rule.Explain", Confidence * 100, Join(Antecedent, texts, culture), Consequent, Lift);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{{{string.Join(", ", Antecedent)}}} => {{{Consequent}}} (support {Support:0.######}, confidence {Confidence:0.######}, lift {Lift:0.######}, {BasketCount} baskets)");

    private static string Join(IReadOnlyList<string> items, Crm.Internal.TextCatalog texts, CultureInfo culture) => items.Count switch
    {
        1 => items[0],
        _ => string.Join(texts.Get(culture, "Rule.ListSeparator"), items.Take(items.Count - 1)) + texts.Get(culture, "Rule.LastSeparator") + items[^1],
    };
}
