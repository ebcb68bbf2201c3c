namespace Crm.Feedback;

/// <summary>How many complaints a store received about a category in a report's range.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Category">The category.</param>
/// <param name="Complaints">The complaints.</param>
public sealed record ComplaintVolumeRow(string StoreId, FeedbackCategory Category, int Complaints);
