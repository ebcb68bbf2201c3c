namespace Crm.Points;

/// <summary>Settings of Crm.Points, set with <c>AddPoints(...)</c>.</summary>
public sealed class PointsOptions
{
    /// <summary>Gets or sets the earn rules.</summary>
    /// <value>There is no default; it must be set (in code or with <see cref="EarnRules.FromJson"/>).</value>
    public EarnRules? Rules { get; set; }

    /// <summary>Gets or sets when earned points expire.</summary>
    /// <value>The default value is <see cref="PointsExpiry.Never"/>.</value>
    public PointsExpiry Expiry { get; set; } = PointsExpiry.Never;

    /// <summary>Gets or sets how many days points earned by a purchase stay pending (the return window) before they can be spent.</summary>
    /// <value>The default value is 0 (spendable at once).</value>
    public int PendingDays { get; set; }

    /// <summary>Gets or sets what a refund does when the points its purchase earned were already spent.</summary>
    /// <value>The default value is <see cref="RefundDebtPolicy.Debt"/>.</value>
    public RefundDebtPolicy RefundPolicy { get; set; }

    /// <summary>Gets or sets what one point costs the programme, for the liability; in the programme's currency.</summary>
    /// <value>The default value is <see langword="null"/>: the liability is reported in points only.</value>
    public Money? CostPerPoint { get; set; }


    /// <summary>Gets or sets how many customers the expiry job reads per page.</summary>
    /// <value>The default value is 500.</value>
    public int PageSize { get; set; } = 500;
}
