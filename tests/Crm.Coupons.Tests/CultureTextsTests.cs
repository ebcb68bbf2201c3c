using System.Globalization;
using Crm.Coupons.Internal;
using NodaTime;

namespace Crm.Coupons.Tests;

/// <summary>
/// Coupon reasons in the customer's language (issue 27): every sentence from the package's texts, in the culture of
/// <see cref="CrmOptions.Culture"/> or else the current UI culture, with money, dates and weekdays as a Chinese till
/// shows them. The expected strings are written out by hand.
/// </summary>
public sealed class CultureTextsTests : CouponsTestBase
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    private static CouponEvaluation EvaluateIn(CultureInfo culture, CouponTemplate template, CouponBasket basket, CustomerContext? customer = null, Coupon? coupon = null)
    {
        template.Validate();
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero, culture: culture);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        return evaluator.EvaluateOne(prepared, customer ?? new CustomerContext(Alice, null, [], 0), new Candidate(coupon ?? CouponOf(template, Now), template, CouponSource.Wallet));
    }

    private static CouponCombination BestIn(CultureInfo culture, CouponBasket basket, int max, params CouponTemplate[] templates)
    {
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero, culture: culture);
        var evaluator = new CouponEvaluator(max, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        var candidates = templates.Select(t => new Candidate(CouponOf(t, Now), t, CouponSource.Wallet)).ToList();
        return evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), candidates).Best;
    }

    private static CouponTemplate ManyConditions() => Template("many", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions
    {
        Tiers = ["gold", "black"],
        Segments = ["coffee-lovers"],
        Channels = [SalesChannel.InStore, SalesChannel.MiniProgram],
        Stores = ["sh-009"],
        Weekdays = [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday],
        Hours = new CouponHours { From = new LocalTime(15, 0), To = new LocalTime(17, 0) },
        FirstPurchaseOnly = true,
        MinimumSpend = Cny(50m),
    });

    [Fact]
    public void Conditions_InChinese_NameChannelsWeekdaysAndMoneyAsATillShowsThem()
    {
        // Monday 10:00 in Shanghai, in the app, store sh-001, 30.00, a customer with no tier and 3 purchases.
        var result = EvaluateIn(ZhCn, ManyConditions(), Basket(Line("a", 30m)), new CustomerContext(Alice, null, ["tea-lovers"], 3));

        result.Reasons.Select(r => r.Message).Should().Equal(
            "仅限以下会员等级使用：gold、black；该顾客当前等级：无",
            "仅限以下客群使用：coffee-lovers",
            "仅限门店、小程序使用，当前渠道为官方App",
            "不适用于门店sh-001",
            "仅限周六、周日使用，今天是周一",
            "仅限15:00至17:00使用，现在是10:00",
            "仅限首单使用，该顾客已有3笔订单",
            "适用商品满¥50.00可用，当前适用商品金额¥30.00");
    }

    [Fact]
    public void Conditions_InTheInvariantCulture_AreTheEnglishOfBefore()
    {
        var result = EvaluateIn(CultureInfo.InvariantCulture, ManyConditions(), Basket(Line("a", 30m)), new CustomerContext(Alice, null, ["tea-lovers"], 3));

        result.Reasons.Select(r => r.Message).Should().Equal(
            "for members of gold, black; the customer's tier is none",
            "for customers in coffee-lovers",
            "valid in InStore, MiniProgram, not App",
            "not valid in store sh-001",
            "valid on Saturday, Sunday, not Monday",
            "valid from 15:00 to 17:00; it is 10:00",
            "for a first purchase; the customer has 3 purchases",
            "minimum spend 50.00 CNY on eligible items, basket has 30.00 CNY");
    }

    [Fact]
    public void StatusAndValidity_InChinese_DatesInTheProgrammesZone()
    {
        var template = Template("off5", new AmountOffBenefit { Amount = Cny(5m) });
        var basket = Basket(Line("a", 30m));
        string Reason(Coupon coupon) => EvaluateIn(ZhCn, template, basket, coupon: coupon).Reasons.Single().Message;

        Reason(CouponOf(template, Now) with { ValidFrom = Local(2026, 6, 1, 15), ValidTo = Local(2026, 7, 1) }).Should().Be("尚未生效，2026年6月1日 15:00起可用");
        Reason(CouponOf(template, Now) with { ValidFrom = Local(2026, 5, 1), ValidTo = Local(2026, 6, 1) }).Should().Be("已于2026年6月1日 00:00过期");
        Reason(CouponOf(template, Now) with { Status = CouponStatus.Redeemed, RedemptionKey = "p-1" }).Should().Be("已使用（订单p-1）");
        Reason(CouponOf(template, Now) with { Status = CouponStatus.Reserved, ReservationKey = "p-2", ReservedUntil = Now + Duration.FromMinutes(5) }).Should().Be("已被其他订单锁定至2026年6月1日 10:05");
        Reason(CouponOf(template, Now) with { CustomerId = new CustomerId("bob") }).Should().Be("该券属于其他顾客");
    }

    [Fact]
    public void Benefits_InChinese_SayWhatTheBasketLacks()
    {
        var latte = Line("a", 20m, 1m, sku: "latte");
        var twoLattes = Line("a", 20m, 2m, sku: "latte");
        string Reason(CouponTemplate template, PurchaseLine line) => EvaluateIn(ZhCn, template, Basket(line)).Reasons.Single().Message;
        CouponTemplate T(CouponBenefit benefit) => Template("t", benefit);

        Reason(T(new BuyGetBenefit { Buy = 2, Get = 1 }), latte).Should().Be("买2送1需要3件适用商品，当前1件");
        Reason(T(new BuyGetBenefit { Buy = 2, Get = 1, FreeSkus = ["cookie"], Reading = BuyGetReading.AddFree }), twoLattes).Should().Be("买2送1：请将1件cookie加入购物车，用券免费");
        Reason(Template("t", new BuyGetBenefit { Buy = 1, Get = 1, FreeSkus = ["cookie", "muffin"] }, new CouponScope { Categories = ["coffee"] }), twoLattes).Should().Be("购物车中没有赠送商品（cookie、muffin）");
        Reason(T(new NthItemBenefit { N = 2, Percent = 50m }), latte).Should().Be("第2件优惠需要至少2件适用商品，当前1件");
        Reason(T(new FreeGiftBenefit { Sku = "cookie" }), latte).Should().Be("赠品cookie不在购物车中，加入购物车后即可用券");
        Reason(T(new DeliveryFeeOffBenefit()), latte).Should().Be("当前订单没有配送费");
        Reason(T(new FixedPriceBenefit { Price = Cny(30m), MaxItems = 1 }), latte).Should().Be("适用商品的价格均已不高于¥30.00");
        Reason(T(new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) }), latte).Should().Be("适用商品满¥100.00可用，当前适用商品金额¥20.00");
        Reason(Template("t", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions { MinimumQuantity = 3m }), twoLattes).Should().Be("适用商品满3件可用，当前2件");
        Reason(Template("t", new AmountOffBenefit { Amount = Cny(5m) }, new CouponScope { Categories = ["tea"] }), latte).Should().Be("购物车中没有该券的适用商品");
    }

    [Fact]
    public void LeftOut_InChinese_SaysWhyEachCouponIsNotInTheBestCombination()
    {
        // Two "spend 150 save 100" on 200.00: the second is left out because the first leaves 100.00.
        var afterDiscounts = BestIn(ZhCn, Basket(Line("a", 120m), Line("b", 80m)), 3, Template("s1", new ThresholdBenefit { Minimum = Cny(150m), Discount = Cny(100m) }), Template("s2", new ThresholdBenefit { Minimum = Cny(150m), Discount = Cny(100m) }));
        // 30% exclusive beats 10.00 off; with one coupon per purchase the 10.00 off is left out for the limit.
        var exclusive = BestIn(ZhCn, Basket(Line("a", 100m)), 3, Template("x30", new PercentOffBenefit { Percent = 30m }, stacking: new CouponStacking { Exclusive = true }), Template("a10", new AmountOffBenefit { Amount = Cny(10m) }));
        var limit = BestIn(ZhCn, Basket(Line("a", 100m)), 1, Template("a20", new AmountOffBenefit { Amount = Cny(20m) }), Template("a10", new AmountOffBenefit { Amount = Cny(10m) }));
        // Two gifts of the one cookie: the second finds it free already.
        var gifts = BestIn(ZhCn, Basket(Line("c", 12m, sku: "cookie")), 3, Template("g1", new FreeGiftBenefit { Sku = "cookie" }), Template("g2", new FreeGiftBenefit { Sku = "cookie" }));

        afterDiscounts.LeftOut["S2"].Message.Should().Be("适用商品满¥150.00可用：其他优惠前为¥200.00，优惠后为¥100.00");
        exclusive.LeftOut["A10"].Message.Should().Be("不可与X30同时使用");
        limit.LeftOut["A10"].Message.Should().Be("每笔订单最多使用1张券");
        gifts.LeftOut["G2"].Message.Should().Be("不用此券的组合更优惠");
    }

    [Fact]
    public async Task Manager_WithChineseCulture_ExplainsEvaluationRedemptionAndIssue()
    {
        var limited = Template("limited", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxRedeemed = 1 });
        var monthly = Template("monthly", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxPerCustomer = 1, PerCustomerPeriod = CapPeriod.Month });
        var once = Template("once", new AmountOffBenefit { Amount = Cny(5m) }, budget: new CouponBudget { MaxIssued = 1 });
        var welcome = Template("welcome", new AmountOffBenefit { Amount = Cny(8m) }, budget: new CouponBudget { MaxPerCustomer = 1 }, promoCode: "WELCOME");
        var summer = new CouponTemplate
        {
            Id = "summer",
            Benefit = new AmountOffBenefit { Amount = Cny(3m) },
            Validity = new CouponValidity { From = Local(2026, 7, 1), To = Local(2026, 8, 1) },
            Automatic = true,
        };
        using var crm = CreateCrm(Now, o => { foreach (var t in new[] { limited, monthly, once, welcome, summer }) { o.Templates.Add(t); } }, options: o => o.Culture = ZhCn);
        var coupons = crm.Get<CouponManager>();
        var bob = new CustomerId("bob");
        Task<CouponIssueResult> Issue(CustomerId customer, string template, string key) => coupons.IssueAsync(new CouponIssueRequest(customer, template, CouponIssueReason.Campaign, key));
        var alices = (await Issue(Alice, "limited", "k1")).CouponId!;
        var bobs = (await Issue(bob, "limited", "k2")).CouponId!;
        (await coupons.ReserveAsync(Alice, alices, "p-1")).Succeeded.Should().BeTrue();
        (await coupons.ConfirmAsync(Alice, alices, "p-1")).Succeeded.Should().BeTrue();
        var welcomeCoupon = (await coupons.ReserveAsync(Alice, "welcome", "p-2")).Coupon!.Id;
        (await coupons.ConfirmAsync(Alice, welcomeCoupon, "p-2")).Succeeded.Should().BeTrue();

        var bobsEvaluation = await coupons.EvaluateAsync(bob, Basket(Line("1", 30m)), ["nope-123"]);
        var alicesEvaluation = await coupons.EvaluateAsync(Alice, Basket(Line("1", 30m)), ["welcome"]);
        var bobsReserve = await coupons.ReserveAsync(bob, bobs, "p-3");
        var othersCoupon = await coupons.ReserveAsync(bob, alices, "p-4");
        var notYet = await coupons.ReserveAsync(Alice, "summer", "p-5");
        (await Issue(Alice, "monthly", "k3")).Succeeded.Should().BeTrue();
        (await Issue(Alice, "once", "k4")).Succeeded.Should().BeTrue();

        bobsEvaluation.Coupons.Single(c => c.TemplateId.Length == 0).Reasons.Single().Message.Should().Be("券码或优惠码“nope-123”不存在");
        bobsEvaluation.Coupons.Single(c => c.TemplateId == "limited").Reasons.Single().Message.Should().Be("券模板“limited”的可用名额（1张）已用完：已核销1张，结算中占用0张");
        alicesEvaluation.Coupons.Single(c => c.TemplateId == "welcome").Reasons.Single().Message.Should().Be("该顾客已使用此优惠码1次，已达上限（累计1次）");
        bobsReserve.Reasons.Single().Message.Should().Be("券模板“limited”的可用名额（1张）已用完：已核销1张，结算中占用0张");
        othersCoupon.Reasons.Single().Message.Should().Be("该券属于其他顾客");
        notYet.Reasons.Single().Message.Should().Be("尚未开始：“summer”的活动时间为2026年7月1日 00:00至2026年8月1日 00:00");
        (await Issue(Alice, "nope", "k5")).Reason.Should().Be("券模板“nope”不存在");
        (await Issue(Alice, "monthly", "k6")).Reason.Should().Be("该顾客持有券模板“monthly”的券已达上限（每月1张）");
        (await Issue(bob, "once", "k7")).Reason.Should().Be("券模板“once”的发放额度（1张）已用完");
    }

    [Fact]
    public async Task Manager_WithoutACulture_FollowsTheCurrentUICulture()
    {
        var template = Template("s100", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) });
        using var crm = CreateCrm(Now, o => o.Templates.Add(template), options: o => o.Culture = null);
        var coupons = crm.Get<CouponManager>();
        await coupons.IssueAsync(new CouponIssueRequest(Alice, "s100", CouponIssueReason.Campaign, "k1"));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            var zh = await coupons.EvaluateAsync(Alice, Basket(Line("1", 80m)));
            var zhIssue = await coupons.IssueAsync(new CouponIssueRequest(Alice, "nope", CouponIssueReason.Campaign, "k2"));
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            var en = await coupons.EvaluateAsync(Alice, Basket(Line("1", 80m)));

            zh.Coupons.Single().Reasons.Single().Message.Should().Be("适用商品满¥100.00可用，当前适用商品金额¥80.00");
            zhIssue.Reason.Should().Be("券模板“nope”不存在");
            en.Coupons.Single().Reasons.Single().Message.Should().Be("minimum spend 100.00 CNY on eligible items, basket has 80.00 CNY");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Apply_WithoutAReasonList_AllocatesNothingForItsReasons()
    {
        // The combination search applies benefits thousands of times without a reason list: a coupon that does not
        // apply there must not build the sentence it would say (money boxed, resources read, text formatted).
        var basket = PreparedBasket.Prepare(Basket(Line("a", 30m, 2m)), Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero, culture: ZhCn);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        var customer = new CustomerContext(Alice, null, [], 0);
        var candidates = new[]
        {
            Template("spend", new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(20m) }),
            Template("quantity", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions { MinimumQuantity = 5m }),
            Template("order", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions { MinimumSpend = Cny(100m), MinimumSpendOn = MinimumSpendBasis.Order }),
            Template("gift", new FreeGiftBenefit { Sku = "cookie" }),
            Template("delivery", new DeliveryFeeOffBenefit()),
        }.Select(t => new Candidate(CouponOf(t, Now), t, CouponSource.Wallet)).ToArray();
        foreach (var candidate in candidates)
        {
            evaluator.EvaluateOne(basket, customer, candidate).IsApplicable.Should().BeFalse();
        }

        var alloc = new long[basket.Count];
        void ApplyAll()
        {
            foreach (var candidate in candidates)
            {
                evaluator.Apply(basket, candidate, basket.Amounts, basket.DeliveryFee, alloc, null);
            }
        }

        ApplyAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            ApplyAll();
        }

        (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().Be(0);
    }
}
