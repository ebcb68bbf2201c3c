using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Crm.Baskets.Tests;

/// <summary>Mining the journal, bundles and recommendations through <see cref="BasketManager"/> on in-memory storage, with hand-computed numbers.</summary>
public sealed partial class BasketManagerTests
{
    private static readonly Instant From = Instant.FromUtc(2026, 6, 1, 0, 0);
    private static readonly Instant To = Instant.FromUtc(2026, 6, 20, 0, 0);

    private static readonly BasketPolicy Policy = BasketPolicy.FromJson("""
        {
          "level": "sku",
          "itemMap": { "latte-l": "latte", "latte-m": "latte" },
          "exclusions": [ "bag" ],
          "families": { "cheesecake": "cake", "brownie": "cake" },
          "mining": { "minSupport": 0.2, "minConfidence": 0.5, "minLift": 0, "maxItemsetSize": 3 },
          "recommendations": { "popularSegments": [ "value-high" ] }
        }
        """);

    [Fact]
    public async Task Mine_Journal_BasketsLeaveOutRefundedLinesExclusionsAndOtherPeriods()
    {
        using var crm = await WorldAsync();

        var model = await crm.Get<BasketManager>().MineAsync(new BasketMiningRequest { From = From, To = To });

        // p1 {latte, cheesecake} (bag excluded), p2 {latte, cheesecake}, p3 {latte, brownie}, p4 {latte} (cheesecake refunded),
        // p5 {tea, brownie} (brownie refunded in part), p8 {latte, cheesecake} at another store; p6 held only a bag, p7 is in May.
        model.Version.Should().Be(1);
        model.BasketCount.Should().Be(6);
        model.Items.Select(i => (i.Item, i.BasketCount, i.Category)).Should().Equal(("latte", 5, "coffee"), ("cheesecake", 3, "bakery"), ("brownie", 2, "bakery"), ("tea", 1, "tea"));
        model.Rules.Select(r => r.ToString()).Should().Equal(
            "{cheesecake} => {latte} (support 0.5, confidence 1, lift 1.2, 3 baskets)",
            "{latte} => {cheesecake} (support 0.5, confidence 0.6, lift 1.2, 3 baskets)");
        model.Segments.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Segment = "value-high",
            BasketCount = 4,
        });
        model.Segments[0].Items.Select(i => (i.Item, i.BasketCount)).Should().Equal(("latte", 3), ("cheesecake", 2), ("brownie", 1), ("tea", 1));
    }

    [Fact]
    public async Task Mine_OneStore_ReadsOnlyItsPurchases()
    {
        using var crm = await WorldAsync();

        var model = await crm.Get<BasketManager>().MineAsync(new BasketMiningRequest { Scope = "sh-001", StoreId = "sh-001", From = From, To = To });

        model.BasketCount.Should().Be(5);
        model.StoreId.Should().Be("sh-001");
        model.Rules.Should().Contain(r => r.Antecedent.SequenceEqual(new[] { "cheesecake" }) && r.Consequent == "latte" && r.BasketCount == 2 && r.AntecedentCount == 2);
        (await crm.Get<BasketManager>().GetModelAsync("all")).Should().BeNull();
    }

    [Fact]
    public async Task Mine_Again_SameJournalSavesNothingNewAndANewPurchaseMakesVersionTwo()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        var first = await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });
        crm.Clock.AdvanceMinutes(5);

        var again = await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("p9", "c4", From + Duration.FromDays(3), Line("1", "tea"), Line("2", "brownie")));
        var third = await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        again.Version.Should().Be(1);
        again.MinedAt.Should().Be(first.MinedAt);
        third.Version.Should().Be(2);
        third.BasketCount.Should().Be(7);
        (await crm.Get<IBasketModelStore>().FindAsync("all", 1))!.BasketCount.Should().Be(6);
    }

    [Fact]
    public async Task Mine_Cancelled_SavesNothing()
    {
        using var crm = await WorldAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var mining = () => crm.Get<BasketManager>().MineAsync(new BasketMiningRequest { From = From, To = To }, cancellationToken: cancelled.Token);

        await mining.Should().ThrowAsync<OperationCanceledException>();
        (await crm.Get<IBasketModelStore>().FindAsync("all")).Should().BeNull();
    }

    [Fact]
    public async Task Mine_ReportsProgressPerPage()
    {
        using var crm = await WorldAsync(o => o.PageSize = 3);
        var reports = new List<BasketMiningProgress>();

        await crm.Get<BasketManager>().MineAsync(new BasketMiningRequest { From = From, To = To }, new SynchronousProgress<BasketMiningProgress>(reports.Add));

        // 7 purchases and 2 refunds in the period: three full pages, then an empty one that ends the read.
        reports.Select(r => r.EntriesRead).Should().Equal(3, 6, 9, 9);
        reports[^1].Baskets.Should().Be(5, "the last purchase is still open until the read ends");
    }

    [Fact]
    public async Task GetRules_PagesFiltersAndOrders()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        var first = await baskets.GetRulesAsync(new RuleQuery { Limit = 1, OrderBy = RuleOrder.Leverage });
        var second = await baskets.GetRulesAsync(new RuleQuery { Limit = 1, OrderBy = RuleOrder.Leverage, Offset = first.NextOffset!.Value, Version = first.ModelVersion });

        first.Total.Should().Be(2);
        first.Rules.Single().Consequent.Should().Be("latte");
        first.Rules.Single().Leverage.Should().BeApproximately(0.5 - (5.0 / 6 * 0.5), 1e-12);
        second.Rules.Single().Consequent.Should().Be("cheesecake");
        second.NextOffset.Should().BeNull();
        (await baskets.GetRulesAsync(new RuleQuery { Category = "bakery" })).Total.Should().Be(2);
        (await baskets.GetRulesAsync(new RuleQuery { Category = "tea" })).Total.Should().Be(0);
        (await baskets.GetRulesAsync(new RuleQuery { Item = "latte", OrderBy = RuleOrder.Confidence })).Rules[0].Confidence.Should().Be(1);
    }

    [Fact]
    public async Task Recommend_Basket_ComplementFirstThenPopularNeverInBasketOnePerFamily()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        var result = await baskets.RecommendAsync(new RecommendationRequest { Basket = ["latte-m"] });

        // Brownie is left out: its family (cake) already has the cheesecake.
        result.Recommendations.Select(r => (r.Item, r.Source)).Should().Equal(("cheesecake", RecommendationSource.Complement), ("tea", RecommendationSource.Popular));
        result.Recommendations[0].Explanation.Should().Be("60.0% of baskets with latte also have cheesecake; lift 1.20");
        result.Recommendations[0].Rule!.Consequent.Should().Be("cheesecake");
        result.Recommendations[1].Explanation.Should().Be("In 16.7% of all baskets");
    }

    [Fact]
    public async Task Recommend_Customer_DueRepeatItemsThenTheirSegmentsPopularItems()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        var regular = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c9"), Count = 2 });
        var member = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c2") });

        // c9 bought oat milk on 21, 24 and 27 June (every 3 days); on 1 July it is 4 days since: due, 4/3 overdue.
        regular.Recommendations[0].Should().BeEquivalentTo(new { Item = "oat-milk", Source = RecommendationSource.Repeat, Explanation = "Bought about every 3 days (3 times); last bought 4 days ago" });
        regular.Recommendations[0].Score.Should().BeApproximately(4.0 / 3, 1e-12);
        regular.Recommendations[1].Source.Should().Be(RecommendationSource.Popular);
        member.Recommendations.Select(r => (r.Item, r.Source)).Should().Equal(
            ("latte", RecommendationSource.SegmentPopular), ("cheesecake", RecommendationSource.SegmentPopular), ("tea", RecommendationSource.SegmentPopular));
        member.Recommendations[0].Explanation.Should().Be("In 75.0% of the baskets of customers in value-high");
    }

    /// <summary>
    /// Issue 25, offers: "10% off the item we suggest" as an automatic promotion whose scope is the items recommended to the
    /// customer (Crm.Baskets' recommendations without a basket, through ICustomerRecommendationProvider), so an item the
    /// customer adds because it was suggested stays discounted.
    /// </summary>
    [Fact]
    public async Task Offer_TenPercentOffTheSuggestedItem_DiscountsOnlyRecommendedLines()
    {
        var suggested = new Crm.Coupons.CouponTemplate
        {
            Id = "suggested-10",
            Automatic = true,
            Benefit = new Crm.Coupons.PercentOffBenefit { Percent = 10m },
            Scope = new Crm.Coupons.CouponScope { RecommendedOnly = true },
            Validity = new Crm.Coupons.CouponValidity { Days = 1 },
        };
        using var crm = await WorldAsync(more: b => b.AddCoupons(o => o.Templates.Add(suggested)));
        var coupons = crm.Get<Crm.Coupons.CouponManager>();
        var basket = new Crm.Coupons.CouponBasket { Lines = [Line("1", "oat-milk"), Line("2", "brownie"), Line("3", "bag")], StoreId = "sh-001" };
        var beforeMining = await coupons.EvaluateAsync(new CustomerId("c9"), basket);
        await crm.Get<BasketManager>().MineAsync(new BasketMiningRequest { From = From, To = To });

        var recommended = await crm.Get<ICustomerRecommendationProvider>().GetRecommendedItemsAsync(new CustomerId("c9"));
        var evaluation = await coupons.EvaluateAsync(new CustomerId("c9"), basket);

        // Before a model is mined nothing is recommended, and the promotion says why it does not apply.
        beforeMining.Coupons.Single().Reasons.Single().Message.Should().Be("no item in the basket is eligible for the coupon: it is for the items recommended to the customer");
        // c9 is due oat milk (every 3 days, last 4 days ago); the popular fallback adds latte (with the SKUs mapped to it),
        // cheesecake (one per family: not brownie too) and tea; bags are excluded from every recommendation.
        recommended.Should().BeEquivalentTo(["oat-milk", "latte", "latte-l", "latte-m", "cheesecake", "tea"]);
        var offer = evaluation.Best.Coupons.Should().ContainSingle().Subject;
        offer.Source.Should().Be(Crm.Coupons.CouponSource.Automatic);
        offer.Lines.Should().Equal(new Crm.Coupons.CouponLineDiscount("1", Facts.Cny(2m)));
    }

    [Fact]
    public async Task Recommend_Push_NeedsTheChannelsConsent()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });

        var consented = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c1"), PushChannel = ContactChannels.Push });
        var smsNotConsented = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c1"), PushChannel = ContactChannels.Sms });
        var unregistered = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c2"), PushChannel = ContactChannels.Push });
        var atTheTill = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = new CustomerId("c2") });

        consented.WithheldForConsent.Should().BeFalse();
        consented.Recommendations.Should().NotBeEmpty();
        smsNotConsented.Should().BeEquivalentTo(new { WithheldForConsent = true, Recommendations = Array.Empty<Recommendation>() });
        unregistered.WithheldForConsent.Should().BeTrue();
        unregistered.Contact!.Reason.Should().Be(ContactDecisionReason.CustomerNotFound);
        atTheTill.Recommendations.Should().NotBeEmpty();
        atTheTill.Contact.Should().BeNull();
    }

    [Fact]
    public async Task Recommend_Push_MarketingConsentIsNotEnoughAndAWithdrawalWithholds()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });
        var c1 = new CustomerId("c1");
        await crm.Manager.GrantAsync(c1, ContactChannels.WeChat, ConsentPurpose.Marketing);
        await crm.Manager.RecordConsentAsync(new ConsentRecord
        {
            Id = "w-push",
            CustomerId = c1,
            Purpose = ConsentPurpose.Recommendations,
            Channel = ContactChannels.Push,
            Granted = false,
            PolicyVersion = "v2",
            Source = "app-settings",
            At = Instant.FromUtc(2026, 6, 30, 15, 0),
        });

        var weChat = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = c1, PushChannel = ContactChannels.WeChat });
        var push = await baskets.RecommendAsync(new RecommendationRequest { CustomerId = c1, PushChannel = ContactChannels.Push });

        weChat.WithheldForConsent.Should().BeTrue();
        weChat.Contact!.Reason.Should().Be(ContactDecisionReason.NoConsentRecord);
        push.WithheldForConsent.Should().BeTrue();
        push.Contact!.Record!.Id.Should().Be("w-push");
        push.ToString().Should().Be("Withheld: Recommendations by Push withdrawn at 2026-06-30T15:00:00Z via 'app-settings' under policy 'v2' by the customer (record 'w-push').");
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithStableCodesBeforeAnythingIsRead()
    {
        using var crm = await WorldAsync();
        var baskets = crm.Get<BasketManager>();

        async Task<string?> CodeOf(Func<Task> call) => ((await FluentActions.Awaiting(call).Should().ThrowAsync<CrmValidationException>()).Which).ErrorCode;

        (await CodeOf(() => baskets.MineAsync(new BasketMiningRequest { From = To, To = From }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.MineAsync(new BasketMiningRequest { Scope = " all", From = From, To = To }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.MineAsync(new BasketMiningRequest { StoreId = "", From = From, To = To }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest()))).Should().Be(BasketErrorCodes.ModelNotFound);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery()))).Should().Be(BasketErrorCodes.ModelNotFound);
        await baskets.MineAsync(new BasketMiningRequest { From = From, To = To });
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest { Count = 0 }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest { Count = 51 }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest { Basket = ["latte", "\u0001"] }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest { PushChannel = ContactChannels.Push }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery { Limit = 0 }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery { Offset = -1 }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery { Version = 7 }))).Should().Be(BasketErrorCodes.ModelNotFound);
        (await CodeOf(() => baskets.RecommendAsync(new RecommendationRequest { Scope = "all " }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery { Scope = "" }))).Should().Be(BasketErrorCodes.RequestInvalid);
        (await CodeOf(() => baskets.GetRulesAsync(new RuleQuery { Scope = "\u0000", Version = 1 }))).Should().Be(BasketErrorCodes.RequestInvalid);
    }

    [Theory]
    [InlineData("""{ "mining": { "minSupport": 0 } }""", "$.mining.minSupport")]
    [InlineData("""{ "mining": { "maxItemsetSize": 1 } }""", "$.mining.maxItemsetSize")]
    [InlineData("""{ "mining": { "minConfidence": 1.5 } }""", "$.mining.minConfidence")]
    [InlineData("""{ "exclusions": [ "bag", " deposit" ] }""", "$.exclusions[1]")]
    [InlineData("""{ "level": "category", "itemMap": { "a": "b" } }""", "$.itemMap")]
    [InlineData("""{ "recommendations": { "count": 0 } }""", "$.recommendations.count")]
    [InlineData("""{ "recommendations": { "repeatDueShare": 0 } }""", "$.recommendations.repeatDueShare")]
    [InlineData("""{ "mining": { "minSupprt": 0.1 } }""", "$.mining.minSupprt")]
    [InlineData("""{ "level": "basket" }""", "$.level")]
    public void Policy_Invalid_NamesTheJsonPath(string json, string path)
    {
        var load = () => BasketPolicy.FromJson(json);

        load.Should().Throw<CrmValidationException>().Which.Should().BeEquivalentTo(new { ErrorCode = CrmErrorCodes.RulesInvalid, Field = path });
    }

    [Fact]
    public void Policy_BuiltInCode_ItemsFollowTheKeyRule()
    {
        // A lone surrogate cannot come through JSON; a policy built in code must be refused the same way.
        var validate = () => new BasketPolicy { Exclusions = ["bag", "bag\ud800"] }.Validate();

        validate.Should().Throw<CrmValidationException>().Which.Should().BeEquivalentTo(new { ErrorCode = CrmErrorCodes.RulesInvalid, Field = "$.exclusions[1]" });
    }

    [Fact]
    public void Policy_RoundTripsThroughJson()
    {
        BasketPolicy.FromJson(Policy.ToJson()).ToJson().Should().Be(Policy.ToJson());
    }

    [Fact]
    public void Options_Invalid_FailAtStartup()
    {
        var start = () => TestCrm.Create(configure: b => b.AddBaskets(o => o.PageSize = 0)).Get<BasketManager>();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*PageSize*");
    }

    private static PurchaseLine Line(string id, string sku) => Facts.Line(id, 20m, sku: sku, category: sku switch
    {
        "latte-l" or "latte-m" => "coffee",
        "cheesecake" or "brownie" => "bakery",
        "oat-milk" => "dairy",
        var other => other,
    });

    private static async Task<TestCrm> WorldAsync(Action<BasketOptions>? configure = null, Action<ICrmBuilder>? more = null, System.Globalization.CultureInfo? culture = null)
    {
        var crm = TestCrm.Create(Instant.FromUtc(2026, 6, 30, 16, 0), options: o => o.Culture = culture, configure: b =>
        {
            b.AddBaskets(o =>
            {
                o.Policy = Policy;
                configure?.Invoke(o);
            });
            b.Services.Replace(ServiceDescriptor.Singleton<ICustomerSegmentProvider>(new Segments()));
            more?.Invoke(b);
        });
        var day = Duration.FromDays(1);
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c1"), JoinedAt = From });
        await crm.Manager.GrantAsync(new CustomerId("c1"), ContactChannels.Push, ConsentPurpose.Recommendations);
        var record = crm.Manager;
        await record.RecordPurchaseAsync(Facts.Purchase("p1", "c1", From + day, Line("1", "latte-l"), Line("2", "cheesecake"), Line("3", "bag")));
        await record.RecordPurchaseAsync(Facts.Purchase("p2", "c2", From + (2 * day), Line("1", "latte-m"), Line("2", "cheesecake")));
        await record.RecordPurchaseAsync(Facts.Purchase("p3", "c3", From + (3 * day), Line("1", "latte-l"), Line("2", "brownie")));
        await record.RecordPurchaseAsync(Facts.Purchase("p4", "c1", From + (4 * day), Line("1", "latte-m"), Line("2", "cheesecake")));
        await record.RecordRefundAsync(Facts.RefundLines("r4", "p4", From + (5 * day), ("2", 1m)));
        await record.RecordPurchaseAsync(Facts.Purchase("p5", "c2", From + (6 * day), Line("1", "tea"), Line("2", "brownie")));
        await record.RecordRefundAsync(Facts.RefundAmount("r5", "p5", From + (7 * day), 5m));
        await record.RecordPurchaseAsync(Facts.Purchase("p6", "c3", From + (8 * day), Line("1", "bag")));
        await record.RecordPurchaseAsync(Facts.Purchase("p7", "c4", From - day, Line("1", "latte-l"), Line("2", "cheesecake")));
        var p8 = Facts.Purchase("p8", "c4", From + (9 * day), Line("1", "latte-l"), Line("2", "cheesecake"));
        await record.RecordPurchaseAsync(new Purchase { Id = p8.Id, CustomerId = p8.CustomerId, StoreId = "sh-002", Channel = p8.Channel, OccurredAt = p8.OccurredAt, Lines = p8.Lines, PaidTotal = p8.PaidTotal });
        foreach (var date in new[] { 21, 24, 27 })
        {
            await record.RecordPurchaseAsync(Facts.Purchase($"m{date}", "c9", Instant.FromUtc(2026, 6, date, 2, 0), Line("1", "oat-milk")));
        }

        await record.RecordPurchaseAsync(Facts.Purchase("l1", "c9", Instant.FromUtc(2026, 6, 22, 2, 0), Line("1", "latte-l")));
        await record.RecordPurchaseAsync(Facts.Purchase("l2", "c9", Instant.FromUtc(2026, 6, 25, 2, 0), Line("1", "latte-l")));
        return crm;
    }

    /// <summary>c1 and c2 are in value-high.</summary>
    private sealed class Segments : ICustomerSegmentProvider
    {
        public ValueTask<IReadOnlyCollection<string>> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyCollection<string>>(customerId.Value is "c1" or "c2" ? ["value-high"] : []);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
