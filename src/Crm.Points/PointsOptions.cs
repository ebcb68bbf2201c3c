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

    /// <summary>Gets or sets the largest number of points one change may add or take: an adjustment, a redemption, an event award or what one purchase earns.</summary>
    /// <value>The default value is 100,000,000.</value>
    /// <remarks>A larger change is refused with <see cref="PointsErrorCodes.AmountTooLarge"/> before anything is written; for a purchase that means the whole purchase is refused, so rules that could earn that much are an error to fix.</remarks>
    public long MaxPointsPerChange { get; set; } = 100_000_000;

    /// <summary>Gets or sets the largest balance a customer may hold; a credit past it is refused with <see cref="PointsErrorCodes.BalanceTooLarge"/>.</summary>
    /// <value>The default value is 1,000,000,000,000.</value>
    public long MaxBalance { get; set; } = 1_000_000_000_000;
}
