using Microsoft.Extensions.Options;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>
/// Next-order coupons (issue 21 item 8): a purchase that meets a rule earns a coupon for a later order, issued in the
/// purchase's unit of work once per rule and purchase, and taken back by a refund that leaves the purchase short of the
/// rule while the coupon is unused.
/// </summary>
public sealed class NextOrderCouponTests : CouponsTestBase
{
    private static readonly CouponTemplate NextCoffee5 = Template("next-coffee-5", new AmountOffBenefit { Amount = Cny(5m) }, validity: new CouponValidity { Days = 14 });

    private static readonly NextOrderRule Spend50 = new() { Id = "spend-50", TemplateId = "next-coffee-5", MinimumSpend = Cny(50m) };

    private static TestUtils.TestCrm CreateCrm(params NextOrderRule[] rules) => CreateCrm(NextCoffee5, rules);

    private static TestUtils.TestCrm CreateCrm(CouponTemplate template, params NextOrderRule[] rules) => CreateCrm(Now, o =>
    {
        o.Templates.Add(template);
        foreach (var rule in rules)
        {
            o.NextOrderRules.Add(rule);
        }
    });

    private static async Task<IReadOnlyList<Coupon>> WalletAsync(TestUtils.TestCrm crm, CustomerId customer) => await crm.Get<CouponManager>().GetWalletAsync(customer);

    [Fact]
    public async Task Spend50_At50_EarnsTheCoupon_At4999_DoesNot_AndAReplayIssuesNothing()
    {
        using var crm = CreateCrm(Spend50);

        var earned = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 30m), Line("2", 20m)));
        var replay = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 30m), Line("2", 20m)));
        var short1 = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "alice", Now, Line("1", 49.99m)));

        var issued = earned.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Should().ContainSingle().Subject;
        issued.RuleId.Should().Be("spend-50");
        issued.Result.Succeeded.Should().BeTrue();
        issued.Result.IsReplay.Should().BeFalse();
        var again = replay.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Should().ContainSingle().Subject;
        again.Result.CouponId.Should().Be(issued.Result.CouponId);
        again.Result.IsReplay.Should().BeTrue();
        short1.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        var coupon = (await WalletAsync(crm, Alice)).Should().ContainSingle().Subject;
        coupon.Id.Should().Be(issued.Result.CouponId);
        coupon.TemplateId.Should().Be("next-coffee-5");
        coupon.Reason.Should().Be(CouponIssueReason.NextOrder);
        coupon.IssueKey.Should().Be("next:spend-50:p-1");
        // Valid 14 days from the purchase's recording, ending at local midnight: 1 June 10:00 → 15 June 00:00.
        coupon.ValidTo.Should().Be(Local(2026, 6, 15));
    }

    [Fact]
    public async Task Buying_ASku_Earns_StoresAndChannels_Filter()
    {
        var rule = new NextOrderRule
        {
            Id = "new-latte",
            TemplateId = "next-coffee-5",
            Buying = new CouponScope { Skus = ["new-latte"] },
            Stores = ["sh-001"],
            Channels = [SalesChannel.App],
        };
        using var crm = CreateCrm(rule);

        var withLatte = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 10m, sku: "new-latte")));
        var without = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "alice", Now, Line("1", 10m, sku: "americano")));
        var otherStore = await crm.Manager.RecordPurchaseAsync(WithStore(Purchase("p-3", "alice", Now, Line("1", 10m, sku: "new-latte")), "bj-001"));

        withLatte.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Should().ContainSingle();
        without.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        otherStore.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        (await WalletAsync(crm, Alice)).Should().ContainSingle();
    }

    [Fact]
    public async Task FirstPurchaseInStore_EarnsOncePerStore()
    {
        using var crm = CreateCrm(new NextOrderRule { Id = "first-in-store", TemplateId = "next-coffee-5", FirstPurchaseInStore = true });

        var first = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 10m)));
        var second = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "alice", Now, Line("1", 10m)));
        var newStore = await crm.Manager.RecordPurchaseAsync(WithStore(Purchase("p-3", "alice", Now, Line("1", 10m)), "bj-001"));
        var firstReplayed = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 10m)));

        first.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Single().Result.Succeeded.Should().BeTrue();
        second.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        newStore.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Single().Result.Succeeded.Should().BeTrue();
        firstReplayed.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Single().Result.IsReplay.Should().BeTrue();
        (await WalletAsync(crm, Alice)).Select(c => c.IssueKey).Should().BeEquivalentTo("next:first-in-store:p-1", "next:first-in-store:p-3");
    }

    [Fact]
    public async Task PurchaseRecordedLongAfterItHappened_EarnsNothing()
    {
        using var crm = CreateCrm(Spend50);

        var imported = await crm.Manager.RecordPurchaseAsync(Purchase("p-old", "alice", Now - Duration.FromDays(2), Line("1", 80m)));
        var recent = await crm.Manager.RecordPurchaseAsync(Purchase("p-new", "alice", Now - Duration.FromHours(23), Line("1", 80m)));

        imported.Status.Should().Be(RecordStatus.Recorded);
        imported.GetOutcome<PurchaseCouponsOutcome>().Should().BeNull();
        recent.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Should().ContainSingle();
    }

    [Fact]
    public async Task Refund_LeavingThePurchaseShort_TakesTheUnusedCouponBack_ASmallerOneDoesNot()
    {
        using var crm = CreateCrm(Spend50);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 30m), Line("2", 30m)));
        var id = (await WalletAsync(crm, Alice)).Single().Id;
        crm.Clock.Advance(Duration.FromHours(1));

        // 60.00 - 5.00 = 55.00: still at least 50.00.
        var small = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", crm.Clock.GetCurrentInstant(), 5m));
        // 55.00 - 30.00 (line 2) = 25.00: below 50.00.
        var large = await crm.Manager.RecordRefundAsync(RefundLines("r-2", "p-1", crm.Clock.GetCurrentInstant(), ("2", 1m)));
        var replay = await crm.Manager.RecordRefundAsync(RefundLines("r-2", "p-1", crm.Clock.GetCurrentInstant(), ("2", 1m)));

        small.GetOutcome<RefundCouponsOutcome>().Should().BeNull();
        var outcome = large.GetOutcome<RefundCouponsOutcome>()!;
        outcome.TakenBack.Should().ContainSingle().Which.Id.Should().Be(id);
        outcome.TakenBack[0].ValidTo.Should().Be(crm.Clock.GetCurrentInstant());
        replay.GetOutcome<RefundCouponsOutcome>().Should().BeNull();
        (await WalletAsync(crm, Alice)).Should().BeEmpty();
        (await crm.Get<CouponManager>().ReserveAsync(Alice, id, "p-9")).Status.Should().Be(RedemptionStatus.Expired);
    }

    [Fact]
    public async Task Refund_OfAPurchaseWhoseCouponWasUsed_KeepsItAndSaysSo()
    {
        using var crm = CreateCrm(Spend50);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 60m)));
        var coupons = crm.Get<CouponManager>();
        var id = (await WalletAsync(crm, Alice)).Single().Id;
        crm.Clock.Advance(Duration.FromDays(1));
        (await coupons.ReserveAsync(Alice, id, "p-2")).Status.Should().Be(RedemptionStatus.Succeeded);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "alice", crm.Clock.GetCurrentInstant(), 25m, Line("1", 30m)));

        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", crm.Clock.GetCurrentInstant(), 60m));

        var outcome = refund.GetOutcome<RefundCouponsOutcome>()!;
        outcome.TakenBack.Should().BeEmpty();
        outcome.KeptAsUsed.Should().ContainSingle().Which.Status.Should().Be(CouponStatus.Redeemed);
    }

    [Fact]
    public async Task IssueBudgetUsedUp_ThePurchaseIsRecorded_AndTheOutcomeSaysWhy()
    {
        var limited = Template("next-coffee-5", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxIssued = 1 });
        using var crm = CreateCrm(limited, Spend50);

        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, Line("1", 60m)));
        var bob = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "bob", Now, Line("1", 60m)));

        bob.Status.Should().Be(RecordStatus.Recorded);
        var refused = bob.GetOutcome<PurchaseCouponsOutcome>()!.NextOrder.Single().Result;
        refused.Succeeded.Should().BeFalse();
        refused.Reason.Should().Be("the issue budget of template 'next-coffee-5' (1) is used up");
        (await WalletAsync(crm, new CustomerId("bob"))).Should().BeEmpty();
    }

    [Fact]
    public void Options_RuleNamingAnUnknownOrAutomaticTemplate_FailStartUpAtTheRulesPath()
    {
        var unknown = () => CreateCrm(new NextOrderRule { Id = "r", TemplateId = "nope" }).Get<CouponManager>();
        var automatic = () => CreateCrm(
            new CouponTemplate { Id = "next-coffee-5", Automatic = true, Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 1 } },
            new NextOrderRule { Id = "r", TemplateId = "next-coffee-5" }).Get<CouponManager>();

        unknown.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain("CouponsOptions.NextOrderRules[0].templateId: No coupon template has the id 'nope'.");
        automatic.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainMatch("CouponsOptions.NextOrderRules[0].templateId: The template 'next-coffee-5' is an automatic promotion*");
    }

    [Fact]
    public void Json_BadMinimum_IsRefusedAtItsPath()
    {
        var rules = NextOrderRule.ListFromJson("""[ { "id": "spend-50", "templateId": "next-coffee-5", "minimumSpend": "50.00 CNY", "channels": [ "app" ] } ]""");
        var bad = () => NextOrderRule.ListFromJson("""
            [ { "id": "a", "templateId": "t" }, { "id": "b", "templateId": "t", "minimumSpend": "0.00 CNY" } ]
            """);

        rules.Single().MinimumSpend.Should().Be(Cny(50m));
        rules.Single().Channels.Should().Equal(SalesChannel.App);
        bad.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == "$[1].minimumSpend");
    }

    private static Purchase WithStore(Purchase purchase, string storeId) => new()
    {
        Id = purchase.Id,
        CustomerId = purchase.CustomerId,
        StoreId = storeId,
        Channel = purchase.Channel,
        OccurredAt = purchase.OccurredAt,
        Lines = purchase.Lines,
        PaidTotal = purchase.PaidTotal,
    };
}
