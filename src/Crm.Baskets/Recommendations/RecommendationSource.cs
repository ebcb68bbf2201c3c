namespace Crm.Baskets;

/// <summary>Where a <see cref="Recommendation"/> came from, in the order sources are drawn on.</summary>
public enum RecommendationSource
{
    /// <summary>An association rule whose antecedent is in the basket.</summary>
    Complement = 1,

    /// <summary>An item the customer buys regularly and is due again.</summary>
    Repeat = 2,

    /// <summary>An item popular in one of the customer's segments.</summary>
    SegmentPopular = 3,

    /// <summary>An item popular in all baskets.</summary>
    Popular = 4,
}
