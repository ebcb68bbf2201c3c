using Crm.Coupons.Internal;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Coupons.Tests;

/// <summary>Coupons on in-memory storage, Asia/Shanghai, CNY; and the pure evaluator on its own.</summary>
public abstract class CouponsTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    /// <summary>Monday 1 June 2026, 10:00 in Shanghai.</summary>
    protected static readonly Instant Now = Local(2026, 6, 1, 10);

    protected static readonly CustomerId Alice = new("alice");

    protected static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    protected static Money Cny(decimal amount) => new(amount, Currency.CNY);

    protected static PurchaseLine Line(string lineId, decimal unitPrice, decimal quantity = 1m, string category = "coffee", string? sku = null) =>
        Facts.Line(lineId, unitPrice, quantity, category, sku);

    protected static CouponBasket Basket(params PurchaseLine[] lines) => new() { Lines = lines, StoreId = "sh-001", Channel = SalesChannel.App };

    protected static CouponTemplate Template(string id, CouponBenefit benefit, CouponScope? scope = null, CouponConditions? conditions = null, CouponStacking? stacking = null, CouponBudget? budget = null, string? promoCode = null, CouponValidity? validity = null) => new()
    {
        Id = id,
        Benefit = benefit,
        Scope = scope ?? new CouponScope(),
        Conditions = conditions ?? new CouponConditions(),
        Validity = validity ?? new CouponValidity { Days = 30 },
        Stacking = stacking ?? new CouponStacking(),
        Budget = budget ?? new CouponBudget(),
        PromoCode = promoCode,
    };

    /// <summary>The categories of random baskets and templates.</summary>
    protected static readonly string[] Categories = ["coffee", "tea", "bakery"];

    /// <summary>A random template for the property tests: any benefit kind, a random scope and stacking rule, optionally a minimum spend.</summary>
    /// <param name="random">The source; each template draws from it in a fixed order, so a seed gives the same templates.</param>
    /// <param name="id">The template id.</param>
    /// <param name="deliveryFee">Whether a delivery-fee benefit may be drawn (a basket without a fee never meets it).</param>
    /// <param name="minimumSpend">Whether a minimum spend may be drawn (one template in four).</param>
    /// <param name="qualifying">Whether conditions on a qualifying scope or on the order may be drawn (one template in three); drawn last, so the other draws do not change.</param>
    /// <param name="units">Whether unit targets and caps on any kind may be drawn (one template in two); drawn last.</param>
    protected static CouponTemplate RandomTemplate(Random random, string id, bool deliveryFee = true, bool minimumSpend = false, bool qualifying = false, bool units = false)
    {
        Money M(int maxCents) => Cny(random.Next(1, maxCents) / 100m);
        CouponBenefit benefit = random.Next(deliveryFee ? 9 : 8) switch
        {
            0 => new PercentOffBenefit { Percent = random.Next(1, 101), MaxDiscount = random.Next(2) == 0 ? M(3000) : null },
            1 => new AmountOffBenefit { Amount = M(3000) },
            2 => new ThresholdBenefit { Minimum = Cny(random.Next(20, 150)), Discount = Cny(random.Next(1, 20)), Repeating = random.Next(2) == 0 },
            3 => new LadderBenefit { Steps = [new LadderStep { Minimum = Cny(30m), Discount = Cny(5m) }, new LadderStep { Minimum = Cny(80m), Discount = Cny(15m) }] },
            4 => new BuyGetBenefit { Buy = random.Next(1, 4), Get = random.Next(1, 3), FreeSkus = random.Next(3) == 0 ? ["bakery-0"] : null },
            5 => new NthItemBenefit { N = random.Next(2, 4), Percent = random.Next(1, 101) },
            6 => new FixedPriceBenefit { Price = Cny(random.Next(0, 3000) / 100m), MaxItems = random.Next(1, 4) },
            7 => new FreeGiftBenefit { Sku = $"{Categories[random.Next(Categories.Length)]}-{random.Next(3)}" },
            _ => new DeliveryFeeOffBenefit { Amount = random.Next(2) == 0 ? M(1000) : null },
        };
        var scope = random.Next(3) switch
        {
            0 => new CouponScope(),
            1 => new CouponScope { Categories = [Categories[random.Next(Categories.Length)]] },
            _ => new CouponScope { ExcludedCategories = [Categories[random.Next(Categories.Length)]] },
        };
        var stacking = random.Next(6) switch
        {
            0 => new CouponStacking { Exclusive = true },
            1 or 2 => new CouponStacking { Group = random.Next(2) == 0 ? "A" : "B" },
            _ => new CouponStacking(),
        };
        var conditions = minimumSpend && random.Next(4) == 0 ? new CouponConditions { MinimumSpend = Cny(random.Next(10, 120)) } : null;
        if (qualifying && random.Next(3) == 0)
        {
            conditions = random.Next(2) == 0
                ? new CouponConditions { QualifyingScope = new CouponScope { Categories = [Categories[random.Next(Categories.Length)]] }, MinimumQuantity = random.Next(1, 4) }
                : new CouponConditions { MinimumSpend = Cny(random.Next(10, 200)), MinimumSpendOn = MinimumSpendBasis.Order };
        }
        if (units && random.Next(2) == 0)
        {
            UnitTarget Target() => new() { Pick = (UnitPick)random.Next(2), Units = random.Next(1, 4) };
            Money? Cap() => random.Next(2) == 0 ? M(2000) : null;
            benefit = random.Next(6) switch
            {
                0 => new PercentOffBenefit { Percent = random.Next(1, 101), Target = Target(), MaxDiscount = Cap() },
                1 => new FixedPriceBenefit { Price = Cny(random.Next(0, 3000) / 100m), Target = Target(), MaxDiscount = Cap() },
                2 => new AmountOffBenefit { Amount = M(3000), MaxDiscount = M(2000) },
                3 => new BuyGetBenefit { Buy = random.Next(1, 4), Get = random.Next(1, 3), MaxDiscount = M(2000) },
                4 => new NthItemBenefit { N = random.Next(2, 4), Percent = random.Next(1, 101), MaxDiscount = M(2000) },
                _ => new ThresholdBenefit { Minimum = Cny(random.Next(20, 150)), Discount = Cny(random.Next(1, 20)), Repeating = true, MaxDiscount = M(2000) },
            };
        }

        return Template(id, benefit, scope, conditions, stacking);
    }

    protected static TestCrm CreateCrm(Instant now, Action<CouponsOptions> configure, Action<ICrmBuilder>? more = null, Action<CrmOptions>? options = null) =>
        TestCrm.Create(
            now,
            b =>
            {
                b.AddCoupons(configure);
                more?.Invoke(b);
            },
            options);

    /// <summary>Evaluates one template alone with the pure evaluator (a coupon issued now, valid 30 days).</summary>
    internal static CouponEvaluation EvaluateOne(CouponTemplate template, CouponBasket basket, Instant? at = null, CustomerContext? customer = null)
    {
        template.Validate();
        var now = at ?? Now;
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        return evaluator.EvaluateOne(prepared, customer ?? new CustomerContext(Alice, null, [], 0), new Candidate(CouponOf(template, Now), template, CouponSource.Wallet));
    }

    protected static Coupon CouponOf(CouponTemplate template, Instant issuedAt, string? id = null) => new()
    {
        Id = id ?? template.Id.ToUpperInvariant(),
        TemplateId = template.Id,
        CustomerId = Alice,
        Reason = CouponIssueReason.Campaign,
        IssueKey = "k-" + (id ?? template.Id),
        IssuedAt = issuedAt,
        ValidFrom = issuedAt,
        ValidTo = issuedAt + Duration.FromDays(30),
        Version = 1,
    };

    protected static IReadOnlyDictionary<string, decimal> Allocation(CouponEvaluation evaluation) =>
        evaluation.Lines.ToDictionary(l => l.LineId, l => l.Discount.Amount);
}
