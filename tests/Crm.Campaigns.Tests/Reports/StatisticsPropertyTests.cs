using Crm.Campaigns.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Campaigns.Tests.Reports;

public sealed class StatisticsPropertyTests
{
    [Property(MaxTest = 1000)]
    public Property NewcombeInterval_ContainsTheDifferenceWithinBounds_Holds(PositiveInt n1, NonNegativeInt x1, PositiveInt n2, NonNegativeInt x2)
    {
        var (a, b) = ((n1.Get % 5000) + 1, (n2.Get % 5000) + 1);
        var (k1, k2) = (x1.Get % (a + 1), x2.Get % (b + 1));
        var e = Statistics.NewcombeDifference(k1, a, k2, b);
        return (e.Lower >= -1 - 1e-12 && e.Upper <= 1 + 1e-12 && e.Lower <= e.Value + 1e-12 && e.Value <= e.Upper + 1e-12
            && Math.Abs(e.Value - (((double)k1 / a) - ((double)k2 / b))) < 1e-12).Label($"{k1}/{a} vs {k2}/{b}: {e}");
    }

    [Property(MaxTest = 500)]
    public Property ArmFor_SameCampaignAndCustomer_SameArmInEveryCopy_Holds(NonEmptyString salt, NonEmptyString customer)
    {
        if (!HostKey.IsValid(salt.Get) || !CustomerId.IsValid(customer.Get))
        {
            return true.ToProperty();
        }

        var id = new CustomerId(customer.Get);

        // Two instances read from JSON: nothing is cached between them but the inputs.
        var a = Campaign.FromJson(CampaignWorld.Spring(salt: salt.Get).ToJson());
        var b = Campaign.FromJson(CampaignWorld.Spring(salt: salt.Get).ToJson());
        return (a.ArmFor(id).Name == b.ArmFor(id).Name).Label($"{salt.Get} / {customer.Get}");
    }
}
