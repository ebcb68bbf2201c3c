namespace Crm.Campaigns;

/// <summary>A customer's outcome in an imported experiment's attribution window, one per campaign and customer.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Purchases">The purchases in the window, 0 or more; a customer with at least one converted.</param>
/// <param name="Revenue">What they paid in the window, in the programme's currency, not negative.</param>
/// <param name="DiscountCost">The discount they used from the campaign, in the programme's currency, not negative.</param>
public sealed record CampaignOutcome(string CampaignId, CustomerId CustomerId, int Purchases, Money Revenue, Money DiscountCost);
