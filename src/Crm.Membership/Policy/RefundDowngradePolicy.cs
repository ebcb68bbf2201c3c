namespace Crm.Membership;

/// <summary>What a refund that takes a member below their tier's threshold does.</summary>
public enum RefundDowngradePolicy
{
    /// <summary>Nothing at once: the next review decides (the default; a return at the till never visibly demotes a member).</summary>
    NextReview = 0,

    /// <summary>The member drops at once to the tier the window still qualifies for.</summary>
    Immediate = 1,
}
