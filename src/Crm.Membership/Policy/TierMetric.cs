namespace Crm.Membership;

/// <summary>What a tier threshold measures over the qualification window.</summary>
public enum TierMetric
{
    /// <summary>Net spend (paid less refunded) in the programme's currency, such as 1000 for 1,000.00 CNY.</summary>
    NetSpend = 1,

    /// <summary>The number of purchases (visits, orders, cups by order).</summary>
    PurchaseCount = 2,

    /// <summary>Points earned (read through <see cref="ICustomerPointsReader"/>, which Crm.Points provides).</summary>
    PointsEarned = 3,
}
