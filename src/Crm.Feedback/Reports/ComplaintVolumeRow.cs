namespace Crm.Feedback;

/// <summary>How many complaints a store received about a category in a report's range, and per 1,000 of its purchases.</summary>
public sealed record ComplaintVolumeRow
{
    /// <summary>Gets the store.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the category.</summary>
    public required FeedbackCategory Category { get; init; }

    /// <summary>Gets the complaints.</summary>
    public required int Complaints { get; init; }

    /// <summary>Gets the store's purchases made in the range (every category; refunds do not take purchases back).</summary>
    public int Purchases { get; init; }

    /// <summary>Gets the complaints per 1,000 of the store's purchases in the range; <see langword="null"/> when the store had none.</summary>
    public double? PerThousandPurchases => Purchases == 0 ? null : 1000.0 * Complaints / Purchases;
}
