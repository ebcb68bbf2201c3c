using System.Globalization;
using NodaTime;

namespace Crm.Campaigns.Tests.Assignments;

public sealed class AssignmentTests
{
    private static IEnumerable<CustomerId> Customers(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new CustomerId("c" + i.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void ArmFor_100000Customers_SharesWithinOnePointOfWeights()
    {
        var campaign = CampaignWorld.Spring();

        var shares = Customers(0, 100_000).GroupBy(c => campaign.ArmFor(c).Name).ToDictionary(g => g.Key, g => g.Count() / 100_000.0);

        shares["coupon"].Should().BeApproximately(0.45, 0.01);
        shares["message"].Should().BeApproximately(0.45, 0.01);
        shares["holdout"].Should().BeApproximately(0.10, 0.01);
    }

    [Fact]
    public void ArmFor_KnownCustomers_GivesTheGoldenArms()
    {
        // Frozen values: SHA-256 of "spring-latte\u001f2027-03\u001fc{i}". Any process, any machine, any run gives these; a
        // change here reassigns every running campaign's customers, which must never happen silently.
        var campaign = CampaignWorld.Spring();

        var arms = Customers(0, 12).Select(c => campaign.ArmFor(c).Name).ToArray();

        string.Join(",", arms).Should().Be(Golden);
    }

    [Fact]
    public void Draw_KnownCustomers_EqualsAnIndependentSha256()
    {
        // Computed outside .NET (Python: int.from_bytes(sha256(b"spring-latte\x1f2027-03\x1fc0").digest()[:8], "big") >> 11) / 2**53),
        // so the value is the hash's, not an artefact of this process.
        var hash = Internal.AssignmentHash.For(CampaignWorld.Spring());

        hash.Draw(new CustomerId("c0")).Should().Be(0.5435551297502529);
        hash.Draw(new CustomerId("c1")).Should().Be(0.7590063679545516);
        hash.Draw(new CustomerId("c2")).Should().Be(0.8762436401927935);
    }

    [Fact]
    public void ArmFor_OtherSalt_DrawsAnIndependentSplit()
    {
        var a = CampaignWorld.Spring();
        var b = CampaignWorld.Spring(salt: "2027-03-b");

        var same = Customers(0, 20_000).Count(c => a.ArmFor(c).Name == b.ArmFor(c).Name) / 20_000.0;

        // Independent splits agree with probability 0.45² + 0.45² + 0.10² = 0.415.
        same.Should().BeApproximately(0.415, 0.015);
    }

    [Fact]
    public async Task AssignAsync_AudienceGrows_EarlierCustomersKeepArmAndInstant()
    {
        using var world = CampaignWorld.Create();
        await world.Manager.DefineAsync(CampaignWorld.Spring());
        var first = await world.Manager.AssignAsync("spring-latte", Customers(0, 5_000));
        var before = await ListAsync(world);
        world.Crm.Clock.Advance(Duration.FromHours(1));

        var second = await world.Manager.AssignAsync("spring-latte", Customers(0, 10_000));
        var after = await ListAsync(world);

        first.Should().Be(new AssignResult { Added = 5_000, AlreadyAssigned = 0 });
        second.Should().Be(new AssignResult { Added = 5_000, AlreadyAssigned = 5_000 });
        after.Should().HaveCount(10_000);
        after.Where(a => before.ContainsKey(a.Key)).Should().OnlyContain(a => a.Value == before[a.Key]);
        after.Values.Should().OnlyContain(a => a.Arm == CampaignWorld.Spring().ArmFor(a.CustomerId).Name);
    }

    [Fact]
    public async Task DefineAsync_SameIdOtherDefinition_ThrowsIdReused()
    {
        using var world = CampaignWorld.Create();
        (await world.Manager.DefineAsync(CampaignWorld.Spring())).Should().BeTrue();
        (await world.Manager.DefineAsync(CampaignWorld.Spring())).Should().BeFalse();

        var act = () => world.Manager.DefineAsync(CampaignWorld.Spring(salt: "other"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CampaignsErrorCodes.IdReused);
    }

    [Fact]
    public async Task AssignAsync_UnknownCampaign_ThrowsNotFoundBeforeWriting()
    {
        using var world = CampaignWorld.Create();

        var act = () => world.Manager.AssignAsync("nope", Customers(0, 3));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CampaignsErrorCodes.CampaignNotFound);
    }

    private static async Task<Dictionary<CustomerId, CampaignAssignment>> ListAsync(CampaignWorld world) =>
        (await world.Store.ListAssignmentsAsync("spring-latte", null, 1_000_000)).ToDictionary(a => a.CustomerId);

    private const string Golden = "message,message,message,coupon,message,message,message,coupon,message,holdout,message,coupon";
}
