using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>
/// The redemption budget held at checkout (issue 21 item 1): redemptions plus reservations not lapsed count against
/// <see cref="CouponBudget.MaxRedeemed"/> at evaluation and at reservation, so a customer is never offered, nor holds, a
/// place that is gone.
/// </summary>
public sealed class RedemptionBudgetTests : CouponsTestBase
{
    private static readonly CustomerId Bob = new("bob");
    private static readonly CustomerId Carol = new("carol");

    private static CouponTemplate Limited(int maxRedeemed) =>
        Template("limited", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxRedeemed = maxRedeemed });

    private static async Task<string> IssueAsync(CouponManager coupons, CustomerId customer, string template = "limited") =>
        (await coupons.IssueAsync(new CouponIssueRequest(customer, template, CouponIssueReason.Campaign, "k-" + customer.Value))).CouponId!;

    [Fact]
    public async Task BudgetOfOne_RedeemedByAlice_BobIsNotOfferedAndCannotReserve()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Limited(1)));
        var coupons = crm.Get<CouponManager>();
        var alices = await IssueAsync(coupons, Alice);
        var bobs = await IssueAsync(coupons, Bob);
        (await coupons.ReserveAsync(Alice, alices, "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ConfirmAsync(Alice, alices, "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);

        var evaluation = await coupons.EvaluateAsync(Bob, Basket(Line("1", 30m)));
        var reserve = await coupons.ReserveAsync(Bob, bobs, "p-2");

        var bobsEvaluation = evaluation.Coupons.Single();
        bobsEvaluation.IsApplicable.Should().BeFalse();
        bobsEvaluation.Reasons.Single().Should().Be(new CouponReason(
            CouponReasonCodes.BudgetExhausted, "the budget of template 'limited' (1 redemptions) is used up: 1 redeemed and 0 reserved by checkouts"));
        evaluation.Best.TotalDiscount.Should().Be(Cny(0m));
        reserve.Status.Should().Be(RedemptionStatus.BudgetExhausted);
        reserve.Reasons.Single().Code.Should().Be(CouponReasonCodes.BudgetExhausted);
        // Refused before anything is written: Bob's coupon is as issued.
        var stored = await coupons.FindAsync(bobs);
        stored!.Status.Should().Be(CouponStatus.Active);
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task Reservations_HoldPlaces_ReleaseFreesOne_ConfirmMovesOneToRedeemed()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Limited(2)));
        var coupons = crm.Get<CouponManager>();
        var alices = await IssueAsync(coupons, Alice);
        var bobs = await IssueAsync(coupons, Bob);
        var carols = await IssueAsync(coupons, Carol);
        var store = crm.Get<ICouponStore>();

        (await coupons.ReserveAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);
        var carolEvaluation = (await coupons.EvaluateAsync(Carol, Basket(Line("1", 30m)))).Coupons.Single();
        var carolRefused = await coupons.ReserveAsync(Carol, carols, "p-c");

        carolEvaluation.Reasons.Single().Message.Should().Be("the budget of template 'limited' (2 redemptions) is used up: 0 redeemed and 2 reserved by checkouts");
        carolRefused.Status.Should().Be(RedemptionStatus.BudgetExhausted);

        (await coupons.ReleaseAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await store.GetUsageAtAsync("limited", Now)).Should().Be(new CouponUsage("limited", 3, 0) { Reserved = 1 });
        (await coupons.ReserveAsync(Carol, carols, "p-c")).Status.Should().Be(RedemptionStatus.Succeeded);
        // Bob's place was held: confirming it takes no new one, though the budget is full.
        (await coupons.ConfirmAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);

        (await store.GetUsageAtAsync("limited", Now)).Should().Be(new CouponUsage("limited", 3, 1) { Reserved = 1 });
        (await coupons.ReserveAsync(Alice, alices, "p-a2")).Status.Should().Be(RedemptionStatus.BudgetExhausted);
    }

    [Fact]
    public async Task LapsedReservation_FreesItsPlace_AndItsLateConfirmationIsRefused()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Limited(1)); o.ReservationTimeToLive = Duration.FromMinutes(10); });
        var coupons = crm.Get<CouponManager>();
        var alices = await IssueAsync(coupons, Alice);
        var bobs = await IssueAsync(coupons, Bob);

        (await coupons.ReserveAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);
        crm.Clock.Advance(Duration.FromMinutes(9));
        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.BudgetExhausted);
        // At 10 minutes Alice's reservation has lapsed (it held until then, exclusive): no job ran, yet the place is free.
        crm.Clock.Advance(Duration.FromMinutes(1));
        (await coupons.EvaluateAsync(Bob, Basket(Line("1", 30m)))).Best.TotalDiscount.Should().Be(Cny(5m));
        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);

        var late = await coupons.ConfirmAsync(Alice, alices, "p-a");

        late.Status.Should().Be(RedemptionStatus.BudgetExhausted);
        late.Reasons.Single().Message.Should().Be("the budget of template 'limited' (1 redemptions) is used up: 0 redeemed and 1 reserved by checkouts");
        (await crm.Get<ICouponStore>().GetUsageAtAsync("limited", crm.Clock.GetCurrentInstant())).Should().Be(new CouponUsage("limited", 2, 0) { Reserved = 1 });
    }

    [Fact]
    public async Task Replays_OfReserveConfirmRelease_ReportTheSameOutcome_AndCountOnce()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Limited(1)));
        var coupons = crm.Get<CouponManager>();
        var alices = await IssueAsync(coupons, Alice);
        var bobs = await IssueAsync(coupons, Bob);
        var store = crm.Get<ICouponStore>();

        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ReleaseAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ReleaseAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Replayed);

        (await coupons.ReserveAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);
        // The budget is full, but this checkout holds the place: the replay says so instead of "exhausted".
        (await coupons.ReserveAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Replayed);
        (await coupons.EvaluateAsync(Alice, new CouponBasket { Lines = [Line("1", 30m)], StoreId = "sh-001", Channel = SalesChannel.App, ReservationKey = "p-a" })).Best.TotalDiscount.Should().Be(Cny(5m));
        (await store.GetUsageAtAsync("limited", Now)).Held.Should().Be(1);

        (await coupons.ConfirmAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ConfirmAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Replayed);
        (await coupons.ReserveAsync(Alice, alices, "p-a")).Status.Should().Be(RedemptionStatus.Replayed);

        (await store.GetUsageAtAsync("limited", Now)).Should().Be(new CouponUsage("limited", 2, 1) { Reserved = 0 });
    }

    [Fact]
    public async Task ConcurrentReservations_DifferentCoupons_ExactlyBudgetSucceed()
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Limited(5)), options: o => o.MaxConcurrencyRetries = 100);
        var coupons = crm.Get<CouponManager>();
        var customers = Enumerable.Range(0, 30).Select(i => new CustomerId($"c-{i}")).ToArray();
        var ids = new List<string>();
        foreach (var customer in customers)
        {
            ids.Add(await IssueAsync(coupons, customer));
        }

        var results = await Task.WhenAll(customers.Select((c, i) => Task.Run(() => coupons.ReserveAsync(c, ids[i], $"p-{i}"))));

        results.Count(r => r.Status == RedemptionStatus.Succeeded).Should().Be(5);
        results.Count(r => r.Status == RedemptionStatus.BudgetExhausted).Should().Be(25);
        (await crm.Get<ICouponStore>().GetUsageAtAsync("limited", Now)).Held.Should().Be(5);
    }

    [Fact]
    public async Task PromoCode_BudgetUsedUp_NotOffered_AndNothingIssuedOnReserve()
    {
        var promo = Template("summer", new AmountOffBenefit { Amount = Cny(3m) }, budget: new CouponBudget { MaxRedeemed = 1, MaxPerCustomer = 1 }, promoCode: "SUMMER26");
        using var crm = CreateCrm(Now, o => o.Templates.Add(promo));
        var coupons = crm.Get<CouponManager>();
        var alice = await coupons.ReserveAsync(Alice, "SUMMER26", "p-a");
        (await coupons.ConfirmAsync(Alice, alice.Coupon!.Id, "p-a")).Status.Should().Be(RedemptionStatus.Succeeded);

        var bobEvaluation = (await coupons.EvaluateAsync(Bob, Basket(Line("1", 30m)), ["SUMMER26"])).Coupons.Single();
        var bobReserve = await coupons.ReserveAsync(Bob, "SUMMER26", "p-b");

        bobEvaluation.Reasons.Single().Message.Should().Be("the budget of template 'summer' (1 redemptions) is used up: 1 redeemed and 0 reserved by checkouts");
        bobReserve.Status.Should().Be(RedemptionStatus.BudgetExhausted);
        bobReserve.Reasons.Single().Code.Should().Be(CouponReasonCodes.BudgetExhausted);
        (await coupons.GetWalletAsync(Bob)).Should().BeEmpty();
        (await crm.Get<ICouponStore>().GetUsageAsync("summer")).Issued.Should().Be(1);
    }

    [Fact]
    public async Task PromoCode_PerCustomerLimitUsed_NotOfferedToThatCustomer()
    {
        var promo = Template("summer", new AmountOffBenefit { Amount = Cny(3m) }, budget: new CouponBudget { MaxPerCustomer = 1 }, promoCode: "SUMMER26");
        using var crm = CreateCrm(Now, o => o.Templates.Add(promo));
        var coupons = crm.Get<CouponManager>();
        var alice = await coupons.ReserveAsync(Alice, "SUMMER26", "p-a");
        await coupons.ConfirmAsync(Alice, alice.Coupon!.Id, "p-a");

        var again = (await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)), ["SUMMER26"])).Coupons.Single(c => c.Source == CouponSource.PromoCode);
        var bob = (await coupons.EvaluateAsync(Bob, Basket(Line("1", 30m)), ["SUMMER26"])).Coupons.Single();

        again.Reasons.Single().Should().Be(new CouponReason(CouponReasonCodes.BudgetExhausted, "the customer has used the promo code 1 times, the most allowed (1 per lifetime)"));
        bob.IsApplicable.Should().BeTrue();
    }

    [Fact]
    public async Task FrontDoor_LapsedReservationWhosePlaceWasTaken_IsNotRedeemed_PurchaseRecorded()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Limited(1)); o.ReservationTimeToLive = Duration.FromMinutes(10); });
        var coupons = crm.Get<CouponManager>();
        var alices = await IssueAsync(coupons, Alice);
        var bobs = await IssueAsync(coupons, Bob);
        await coupons.ReserveAsync(Alice, alices, "p-a");
        crm.Clock.Advance(Duration.FromMinutes(10));
        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);

        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase("p-a", "alice", crm.Clock.GetCurrentInstant(), 25m, Line("1", 30m)));

        recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().NotConfirmed.Single().Status.Should().Be(RedemptionStatus.BudgetExhausted);
        (await coupons.FindAsync(alices))!.Status.Should().Be(CouponStatus.Reserved);
        (await crm.Get<ICouponStore>().GetUsageAsync("limited")).Redeemed.Should().Be(0);
    }

    [Fact]
    public async Task FrontDoor_TwoLapsedReservationsOfOneTemplate_OnePlaceLeft_OneConfirmed_PurchaseRecorded()
    {
        using var crm = CreateCrm(Now, o => { o.Templates.Add(Limited(2)); o.ReservationTimeToLive = Duration.FromMinutes(10); o.MaxCouponsPerPurchase = 3; });
        var coupons = crm.Get<CouponManager>();
        var first = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "limited", CouponIssueReason.Campaign, "k-a1"))).CouponId!;
        var second = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "limited", CouponIssueReason.Campaign, "k-a2"))).CouponId!;
        var bobs = await IssueAsync(coupons, Bob);
        await coupons.ReserveAsync(Alice, first, "p-a");
        await coupons.ReserveAsync(Alice, second, "p-a");
        crm.Clock.Advance(Duration.FromMinutes(10));
        (await coupons.ReserveAsync(Bob, bobs, "p-b")).Status.Should().Be(RedemptionStatus.Succeeded);

        // Both lapsed reservations need a place and one is left: the unit must not try to take two (its commit would fail on every retry).
        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase("p-a", "alice", crm.Clock.GetCurrentInstant(), 20m, Line("1", 30m)));

        var results = recorded.Outcomes.OfType<PurchaseCouponsOutcome>().Single().Results;
        results.Count(r => r.Status == RedemptionStatus.Succeeded).Should().Be(1);
        results.Single(r => !r.Succeeded).Status.Should().Be(RedemptionStatus.BudgetExhausted);
        (await crm.Get<ICouponStore>().GetUsageAtAsync("limited", crm.Clock.GetCurrentInstant())).Should().Be(new CouponUsage("limited", 3, 1) { Reserved = 1 });
    }
}
