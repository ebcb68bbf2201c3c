namespace Crm.Baskets;

/// <summary>How <see cref="BasketManager.GetRulesAsync"/> orders rules.</summary>
public enum RuleOrder
{
    /// <summary>By descending lift: the strongest associations, often among rarer items.</summary>
    Lift = 1,

    /// <summary>By descending leverage: the associations that add the most baskets over chance, among common items.</summary>
    Leverage = 2,

    /// <summary>By descending confidence.</summary>
    Confidence = 3,

    /// <summary>By descending support: the most common combinations.</summary>
    Support = 4,
}
