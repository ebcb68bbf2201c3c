namespace Crm.Campaigns.Internal;

/// <summary>
/// The one place a campaign asks whether it may speak to a customer. Today it reads the profile's channel flags
/// (<see cref="CustomerProfile.MayContact"/>); when consent becomes records per purpose, only this class changes.
/// </summary>
internal static class ConsentCheck
{
    /// <summary>Whether the customer may receive the campaign: a profile, not erased, with consent to the campaign's channel.</summary>
    public static bool Allows(CustomerProfile? profile, Campaign campaign) =>
        profile?.MayContact(campaign.Channel) == true;
}
