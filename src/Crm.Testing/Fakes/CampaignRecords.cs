using Crm.Campaigns;
using NodaTime;

namespace Crm.Testing.Fakes;

/// <summary>Campaigns and assignments for the campaign store suite.</summary>
public static class CampaignRecords
{
    /// <summary>A campaign of two arms, "a" (a message) and "holdout", in March 2027.</summary>
    /// <param name="id">The campaign's id.</param>
    /// <param name="salt">The salt.</param>
    /// <returns>The campaign.</returns>
    public static Campaign Campaign(string id, string salt = "s") => new()
    {
        Id = id,
        Salt = salt,
        Start = new LocalDate(2027, 3, 1),
        End = new LocalDate(2027, 3, 7),
        MaxCoupons = 60,
        Arms =
        [
            new CampaignArm { Name = "a", Kind = CampaignArmKind.Message, Weight = 9m },
            new CampaignArm { Name = "holdout", Kind = CampaignArmKind.Holdout, Weight = 1m },
        ],
    };

    /// <summary>A pending assignment made at 2027-03-01T02:00Z.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="arm">The arm's name.</param>
    /// <returns>The assignment, version 0.</returns>
    public static CampaignAssignment Assignment(string campaignId, CustomerId customerId, string arm) => new()
    {
        CampaignId = campaignId,
        CustomerId = customerId,
        Arm = arm,
        AssignedAt = Instant.FromUtc(2027, 3, 1, 2, 0),
        Status = CampaignDeliveryStatus.Pending,
    };
}
