using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>
/// Automatic promotions (issue 21 item 6): templates that apply to every basket meeting their conditions, without a coupon
/// or a code, evaluated together with the wallet and typed codes under the same stacking rules, and counted against their
/// budgets and per-customer caps through the coupon a reservation issues for the use.
/// </summary>
public sealed class AutomaticPromotionTests : CouponsTestBase
{
    private static readonly CustomerId Bob = new("bob");

    /// <summary>Tuesday 2 June 2026, 10:00 in Shanghai.</summary>
    private static readonly Instant Tuesday = Local(2026, 6, 2, 10);

    /// <summary>Saturday 6 June 2026, 10:00 in Shanghai.</summary>
    private static readonly Instant Saturday = Local(2026, 6, 6, 10);

    private static readonly CouponValidity ThisYear = new() { From = Local(2026, 1, 1), To = Local(2027, 1, 1) };

    /// <summary>Member day: 20% off for gold members on Tuesdays, all of 2026.</summary>
    private static CouponTemplate MemberDay(CouponBudget? budget = null) => Automatic(Template(
        "member-day",
        new PercentOffBenefit { Percent = 20m },
        conditions: new CouponConditions { Tiers = ["gold"], Weekdays = [IsoDayOfWeek.Tuesday] },
        budget: budget,
        validity: ThisYear));

    private static CouponTemplate Automatic(CouponTemplate template) => new()
    {
        Id = template.Id,
        Benefit = template.Benefit,
        Scope = template.Scope,
        Conditions = template.Conditions,
        Validity = template.Validity,
        Stacking = template.Stacking,
        Budget = template.Budget,
        Automatic = true,
    };

    private static TestUtils.TestCrm CreateCrm(Instant now, params CouponTemplate[] templates) =>
        CreateCrm(now, o => { foreach (var t in templates) { o.Templates.Add(t); } }, b => b.Services.Replace(ServiceDescriptor.Singleton<ICustomerTierProvider>(new Tiers())));

    [Fact]
    public async Task MemberDay_GoldOnTuesday_AppliesWithoutACoupon_OthersAreToldWhyNot()
    {
        using var crm = CreateCrm(Tuesday, MemberDay());
        var coupons = crm.Get<CouponManager>();

        var gold = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));
        var silver = await coupons.EvaluateAsync(Bob, Basket(Line("1", 30m)));
        crm.Clock.Reset(Now);
        var monday = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));

        var offered = gold.Coupons.Should().ContainSingle().Subject;
        offered.CouponId.Should().Be("member-day");
        offered.TemplateId.Should().Be("member-day");
        offered.Source.Should().Be(CouponSource.Automatic);
        offered.Discount.Should().Be(Cny(6m));
        gold.Best.TotalDiscount.Should().Be(Cny(6m));
        gold.Best.Coupons.Select(c => c.CouponId).Should().Equal("member-day");
        silver.Coupons.Single().Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.Tier);
        silver.Best.TotalDiscount.Should().Be(Cny(0m));
        monday.Coupons.Single().Reasons.Select(r => r.Code).Should().Equal(CouponReasonCodes.Weekday);
    }

    [Fact]
    public async Task OutsideItsDates_ThePromotionIsNotOffered()
    {
        using var crm = CreateCrm(Local(2027, 1, 5, 10), MemberDay());
        var coupons = crm.Get<CouponManager>();

        var after = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));
        crm.Clock.Reset(Local(2025, 12, 30, 10));
        var before = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));

        var early = await coupons.ReserveAsync(Alice, "member-day", "p-1");
        crm.Clock.Reset(Local(2027, 1, 5, 10));
        var late = await coupons.ReserveAsync(Alice, "member-day", "p-2");

        after.Coupons.Should().BeEmpty();
        before.Coupons.Should().BeEmpty();
        early.Status.Should().Be(RedemptionStatus.NotYetValid);
        early.Reasons.Single().Code.Should().Be(CouponReasonCodes.NotYetValid);
        late.Status.Should().Be(RedemptionStatus.Expired);
        late.Reasons.Single().Code.Should().Be(CouponReasonCodes.Expired);
        // Refused before anything is written: no coupon was issued for either use.
        (await crm.Get<ICouponStore>().ListByCustomerAsync(Alice)).Should().BeEmpty();
    }

    [Fact]
    public async Task Best_CoversAutomaticWalletAndTypedCodes_UnderOneSetOfStackingRules()
    {
        // Saturday, basket coffee 100.00 + tea 50.00:
        // - automatic "weekend-coffee": spend 100.00 on coffee, save 20.00 (group coffee-threshold), Saturdays and Sundays;
        // - wallet "coffee-25": spend 100.00 on coffee, save 25.00 (group coffee-threshold) — saves more, so it is chosen
        //   and the automatic one is left out for the group;
        // - typed promo code TEA5: 5.00 off tea;
        // - automatic "all-10": 10% off everything, after the amounts (amount-off first): (75.00 + 45.00) x 10% = 12.00.
        // Total 25.00 + 5.00 + 12.00 = 42.00.
        var weekend = Automatic(Template(
            "weekend-coffee",
            new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) },
            scope: new CouponScope { Categories = ["coffee"] },
            conditions: new CouponConditions { Weekdays = [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday] },
            stacking: new CouponStacking { Group = "coffee-threshold" },
            validity: ThisYear));
        var coffee25 = Template("coffee-25", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(25m) }, scope: new CouponScope { Categories = ["coffee"] }, stacking: new CouponStacking { Group = "coffee-threshold" });
        var tea5 = Template("tea5", new AmountOffBenefit { Amount = Cny(5m) }, scope: new CouponScope { Categories = ["tea"] }, promoCode: "TEA5");
        var all10 = Automatic(Template("all-10", new PercentOffBenefit { Percent = 10m }, validity: ThisYear));
        using var crm = CreateCrm(Saturday, weekend, coffee25, tea5, all10);
        var coupons = crm.Get<CouponManager>();
        var held = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "coffee-25", CouponIssueReason.Campaign, "k"))).CouponId!;

        var evaluation = await coupons.EvaluateAsync(Alice, Basket(Line("c", 100m, category: "coffee"), Line("t", 50m, category: "tea")), ["tea5"]);

        evaluation.Coupons.Select(c => (c.CouponId, c.Source, c.Discount.Amount)).Should().BeEquivalentTo(new[]
        {
            ("all-10", CouponSource.Automatic, 15m),
            (held, CouponSource.Wallet, 25m),
            ("TEA5", CouponSource.PromoCode, 5m),
            ("weekend-coffee", CouponSource.Automatic, 20m),
        });
        evaluation.Best.TotalDiscount.Should().Be(Cny(42m));
        evaluation.Best.Coupons.Select(c => (c.CouponId, c.Discount.Amount)).Should().BeEquivalentTo(new[] { (held, 25m), ("TEA5", 5m), ("all-10", 12m) });
        evaluation.Best.Coupons[^1].CouponId.Should().Be("all-10");
        evaluation.Best.LeftOut["weekend-coffee"].Code.Should().Be(CouponReasonCodes.NotCombinable);
    }

    [Fact]
    public async Task Reserved_ThenRecorded_IsRedeemedOnce_AndAReplayChangesNothing()
    {
        using var crm = CreateCrm(Tuesday, MemberDay());
        var coupons = crm.Get<CouponManager>();

        var reserved = await coupons.ReserveAsync(Alice, "member-day", "p-1");
        var again = await coupons.ReserveAsync(Alice, "member-day", "p-1");
        var during = await coupons.EvaluateAsync(Alice, new CouponBasket { Lines = [Line("1", 30m)], StoreId = "sh-001", Channel = SalesChannel.App, ReservationKey = "p-1" });
        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Tuesday, 24m, Line("1", 30m)));
        var replay = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Tuesday, 24m, Line("1", 30m)));

        reserved.Status.Should().Be(RedemptionStatus.Succeeded);
        reserved.Coupon!.TemplateId.Should().Be("member-day");
        reserved.Coupon.Status.Should().Be(CouponStatus.Reserved);
        again.Status.Should().Be(RedemptionStatus.Replayed);
        again.Coupon!.Id.Should().Be(reserved.Coupon.Id);
        // While reserved for this checkout, the issued coupon stands for the promotion: offered once, from the wallet.
        during.Coupons.Should().ContainSingle().Which.Should().Match<CouponEvaluation>(c => c.CouponId == reserved.Coupon.Id && c.Source == CouponSource.Wallet && c.Discount == Cny(6m));
        recorded.GetOutcome<PurchaseCouponsOutcome>()!.Results.Should().ContainSingle().Which.Status.Should().Be(RedemptionStatus.Succeeded);
        replay.IsReplay.Should().BeTrue();
        var store = crm.Get<ICouponStore>();
        (await store.ListByCustomerAsync(Alice)).Should().ContainSingle().Which.Status.Should().Be(CouponStatus.Redeemed);
        (await store.GetUsageAsync("member-day")).Should().Be(new CouponUsage("member-day", 1, 1));
        // Next Tuesday the promotion is offered again: the redeemed coupon was for that use only.
        crm.Clock.Reset(Tuesday + Duration.FromDays(7));
        (await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)))).Best.TotalDiscount.Should().Be(Cny(6m));
    }

    [Fact]
    public async Task RedemptionBudget_UsedUp_NextCustomerIsNotOffered_AndNothingIsIssuedToThem()
    {
        using var crm = CreateCrm(Tuesday, MemberDay(new CouponBudget { MaxRedeemed = 1 }));
        var coupons = crm.Get<CouponManager>();
        (await coupons.ReserveAsync(Alice, "member-day", "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Tuesday, 24m, Line("1", 30m)));

        var carol = new CustomerId("carol");
        var offered = await coupons.EvaluateAsync(carol, Basket(Line("1", 30m)));
        var reserve = await coupons.ReserveAsync(carol, "member-day", "p-2");

        offered.Coupons.Single().Reasons.Should().Equal(new CouponReason(
            CouponReasonCodes.BudgetExhausted, "the budget of template 'member-day' (1 redemptions) is used up: 1 redeemed and 0 reserved by checkouts"));
        offered.Best.TotalDiscount.Should().Be(Cny(0m));
        reserve.Status.Should().Be(RedemptionStatus.BudgetExhausted);
        (await crm.Get<ICouponStore>().ListByCustomerAsync(carol)).Should().BeEmpty();
    }

    [Fact]
    public async Task OncePerCustomer_SecondUseIsRefusedWithTheCount()
    {
        // Welcome: 50% off the most expensive item, once per customer.
        var welcome = Automatic(Template(
            "welcome",
            new PercentOffBenefit { Percent = 50m, Target = new UnitTarget { Pick = UnitPick.MostExpensive, Units = 1 } },
            budget: new CouponBudget { MaxPerCustomer = 1 },
            validity: ThisYear));
        using var crm = CreateCrm(Tuesday, welcome);
        var coupons = crm.Get<CouponManager>();

        var first = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m), Line("2", 18m)));
        (await coupons.ReserveAsync(Alice, "welcome", "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Tuesday, 33m, Line("1", 30m), Line("2", 18m)));
        var second = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)));
        var reserve = await coupons.ReserveAsync(Alice, "welcome", "p-2");

        first.Best.TotalDiscount.Should().Be(Cny(15m));
        second.Coupons.Single().Reasons.Should().Equal(new CouponReason(
            CouponReasonCodes.BudgetExhausted, "the customer has used the promotion 'welcome' 1 times, the most allowed (1 per lifetime)"));
        reserve.Status.Should().Be(RedemptionStatus.BudgetExhausted);
    }

    [Fact]
    public async Task LongReservationKey_IssuesOnceUnderAHashedKey()
    {
        using var crm = CreateCrm(Tuesday, MemberDay());
        var coupons = crm.Get<CouponManager>();
        var key = new string('k', 200);

        var first = await coupons.ReserveAsync(Alice, "member-day", key);
        var again = await coupons.ReserveAsync(Alice, "member-day", key);

        first.Status.Should().Be(RedemptionStatus.Succeeded);
        first.Coupon!.IssueKey.Length.Should().BeLessThanOrEqualTo(200);
        again.Coupon!.Id.Should().Be(first.Coupon.Id);
        (await crm.Get<ICouponStore>().ListByCustomerAsync(Alice)).Should().ContainSingle();
    }

    [Fact]
    public void Json_AutomaticWithAPromoCode_IsRefusedAtItsPath()
    {
        var act = () => CouponTemplate.FromJson("""
            { "id": "member-day", "automatic": true, "promoCode": "TUESDAY", "benefit": { "kind": "percentOff", "percent": 20 }, "validity": { "days": 1 } }
            """);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == "$.promoCode");
    }

    [Fact]
    public void Json_AutomaticIdThatIsAnotherTemplatesPromoCode_IsRefusedAtItsPath()
    {
        var act = () => CouponTemplate.ListFromJson("""
            [
              { "id": "t1", "promoCode": "SPRING", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 1 } },
              { "id": "spring", "automatic": true, "benefit": { "kind": "percentOff", "percent": 20 }, "validity": { "days": 1 } }
            ]
            """);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CrmErrorCodes.RulesInvalid && e.Field == "$[1].id");
    }

    [Fact]
    public void Json_Automatic_RoundTrips()
    {
        var template = CouponTemplate.FromJson("""
            { "id": "member-day", "automatic": true, "benefit": { "kind": "percentOff", "percent": 20 },
              "conditions": { "tiers": ["gold"], "weekdays": ["tuesday"] }, "validity": { "from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z" } }
            """);

        template.Automatic.Should().BeTrue();
        CouponTemplate.FromJson(template.ToJson()).Automatic.Should().BeTrue();
    }

    [Fact]
    public async Task SuggestedItem_OnlyRecommendedLinesAreDiscounted_AndTheRecordedPurchaseIsCheckedAgainstTheRecommendationsThen()
    {
        var recommendations = new Recommendations { Items = ["oat-milk"] };
        var suggested = Automatic(Template("suggested-10", new PercentOffBenefit { Percent = 10m }, scope: new CouponScope { RecommendedOnly = true, ExcludedCategories = ["gift-card"] }, validity: ThisYear));
        using var crm = CreateCrm(Now, o => o.Templates.Add(suggested), b => b.Services.Replace(ServiceDescriptor.Singleton<ICustomerRecommendationProvider>(recommendations)));
        var coupons = crm.Get<CouponManager>();
        var basket = Basket(Line("1", 20m, category: "dairy", sku: "oat-milk"), Line("2", 30m, sku: "latte"));

        var evaluation = await coupons.EvaluateAsync(Alice, basket);
        (await coupons.ReserveAsync(Alice, "suggested-10", "p-1")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.ReserveAsync(Bob, "suggested-10", "p-2")).Status.Should().Be(RedemptionStatus.Succeeded);
        var confirmed = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "alice", Now, 48m, Line("1", 20m, category: "dairy", sku: "oat-milk"), Line("2", 30m, sku: "latte")));
        // By the time Bob's purchase is recorded nothing is recommended to him any more (a model mined again, say).
        recommendations.Items = [];
        var refused = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "bob", Now, 18m, Line("1", 20m, category: "dairy", sku: "oat-milk")));

        evaluation.Best.Coupons.Single().Lines.Should().Equal(new CouponLineDiscount("1", Cny(2m)));
        recommendations.Calls.Should().BeGreaterThan(0);
        confirmed.GetOutcome<PurchaseCouponsOutcome>()!.Results.Single().Status.Should().Be(RedemptionStatus.Succeeded);
        var notMet = refused.GetOutcome<PurchaseCouponsOutcome>()!.Results.Single();
        notMet.Status.Should().Be(RedemptionStatus.TermsNotMet);
        notMet.Reasons.Single().Message.Should().Be("no item in the basket is eligible for the coupon: it is for the items recommended to the customer");
    }

    [Fact]
    public async Task NoScopeTargetsRecommendations_TheProviderIsNotAsked()
    {
        var recommendations = new Recommendations { Items = ["oat-milk"] };
        using var crm = CreateCrm(Tuesday, o => o.Templates.Add(MemberDay()), b => b.Services.Replace(ServiceDescriptor.Singleton<ICustomerRecommendationProvider>(recommendations)));

        await crm.Get<CouponManager>().EvaluateAsync(Alice, Basket(Line("1", 30m)));

        recommendations.Calls.Should().Be(0);
    }

    private sealed class Recommendations : ICustomerRecommendationProvider
    {
        public IReadOnlyCollection<string> Items { get; set; } = [];

        public int Calls { get; private set; }

        public ValueTask<IReadOnlyCollection<string>> GetRecommendedItemsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromResult(Items);
        }
    }

    /// <summary>Bob is silver; everyone else gold.</summary>
    private sealed class Tiers : ICustomerTierProvider
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<CustomerTier?>(customerId == Bob ? new CustomerTier("silver", 1, 1m) : new CustomerTier("gold", 2, 1m));
    }
}
