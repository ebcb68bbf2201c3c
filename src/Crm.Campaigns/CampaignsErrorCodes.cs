namespace Crm.Campaigns;

/// <summary>The stable error codes of Crm.Campaigns, carried by its <see cref="CrmException"/>s and by the business "no" of its results.</summary>
/// <remarks>A campaign document that does not validate uses <see cref="CrmErrorCodes.RulesInvalid"/> with the JSON path, as in every package.</remarks>
public static class CampaignsErrorCodes
{
    /// <summary>No campaign has the id.</summary>
    public const string CampaignNotFound = "campaigns.campaign_not_found";

    /// <summary>A campaign id was defined before with another definition; nothing was written.</summary>
    public const string IdReused = "campaigns.id_reused";

    /// <summary>An imported assignment or outcome is malformed: an arm the campaign does not have, a status that is not a final one, an amount in another currency or negative, or outcomes for a campaign that measures the journal.</summary>
    public const string ImportInvalid = "campaigns.import_invalid";

    /// <summary>A delivery was asked for outside the campaign's schedule (a business "no", returned in <see cref="DeliveryResult.ErrorCode"/>); nothing was written.</summary>
    public const string NotRunning = "campaigns.not_running";

    /// <summary>A coupon arm was delivered but no <see cref="ICouponIssuer"/> is registered, or the issuer refused the coupon (returned in <see cref="DeliveryResult.ErrorCode"/>); nothing was written.</summary>
    public const string CouponRefused = "campaigns.coupon_refused";
}
