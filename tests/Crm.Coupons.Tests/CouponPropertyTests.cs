using Crm.Coupons.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Coupons.Tests;

/// <summary>
/// Invariants over random baskets and wallets (every benefit kind, scopes, stacking rules): allocation sums exactly,
/// the discount never exceeds the eligible subtotal, the best combination saves at least as much as any single
/// coupon and equals a brute-force search, and nothing depends on the order of lines.
/// </summary>
public sealed class CouponPropertyTests : CouponsTestBase
{
    private static Arbitrary<int> Seeds => Gen.Choose(0, int.MaxValue).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Allocation_SumsExactlyToDiscount_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, _) = Scenario(seed);
        var evaluation = Evaluate(basket, templates, 3);
        return evaluation.Coupons.All(e =>
            e.OnDeliveryFee
                ? e.Lines.Count == 0
                : e.Lines.Sum(l => l.Discount.Amount) == e.Discount.Amount && e.Lines.All(l => l.Discount.IsPositive && l.Discount <= AmountOf(basket, l.LineId)))
            && evaluation.Best.Coupons.All(e => e.OnDeliveryFee || e.Lines.Sum(l => l.Discount.Amount) == e.Discount.Amount)
            && LinesNeverBelowZero(basket, evaluation.Best);
    });

    [Property(MaxTest = 300)]
    public Property Discount_NeverExceedsEligibleSubtotal_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, _) = Scenario(seed);
        var evaluation = Evaluate(basket, templates, 3);
        return evaluation.Coupons.All(e =>
        {
            var template = templates.Single(t => t.Id == e.TemplateId);
            return e.OnDeliveryFee ? e.Discount <= (basket.DeliveryFee ?? Cny(0m)) : e.Discount.Amount <= EligibleSubtotal(basket, template);
        });
    });

    [Property(MaxTest = 300)]
    public Property Best_SavesAtLeastAnySingleCoupon_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed);
        var evaluation = Evaluate(basket, templates, max);
        var bestSingle = evaluation.Coupons.Where(e => e.IsApplicable).Select(e => e.Discount.Amount).DefaultIfEmpty(0m).Max();
        return evaluation.Best.TotalDiscount.Amount >= bestSingle && evaluation.Best.Coupons.Count <= max;
    });

    [Property(MaxTest = 200)]
    public Property Best_EqualsBruteForce_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed);
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(max, (BenefitOrder)(seed % 2), MidpointRounding.AwayFromZero);
        var candidates = templates.Select(t => new Candidate(CouponOf(t, Now), t, false)).ToList();
        var best = evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), candidates).Best;

        // Brute force: every subset within the rules, benefits applied in the documented order.
        var applicable = candidates.Where(c => c.Standalone > 0).ToArray();
        evaluator.AssignRanks(applicable);
        var bruteForce = 0L;
        for (var mask = 1; mask < 1 << applicable.Length; mask++)
        {
            var set = applicable.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            if (set.Count > max || set.Any(a => set.Any(b => a != b && Search.Conflicts(a, b))))
            {
                continue;
            }

            bruteForce = Math.Max(bruteForce, evaluator.SequenceTotal(prepared, set));
        }

        return (best.TotalDiscount.ToMinorUnits() == bruteForce && best.IsExact).Label($"search {best.TotalDiscount}, brute force {bruteForce}");
    });

    [Property(MaxTest = 300)]
    public Property Evaluation_InvariantUnderLineOrder_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed);
        var order = new Random(seed + 1);
        var shuffled = new CouponBasket { Lines = [.. basket.Lines.OrderBy(_ => order.Next())], StoreId = basket.StoreId, Channel = basket.Channel, DeliveryFee = basket.DeliveryFee };
        var a = Evaluate(basket, templates, max);
        var b = Evaluate(shuffled, templates, max);
        return Describe(a) == Describe(b);
    });

    private static BasketEvaluation Evaluate(CouponBasket basket, IReadOnlyList<CouponTemplate> templates, int max)
    {
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(max, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        return evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), [.. templates.Select(t => new Candidate(CouponOf(t, Now), t, false))]);
    }

    private static string Describe(BasketEvaluation evaluation) =>
        string.Join("|", evaluation.Coupons.Select(e => $"{e.CouponId}:{e.Discount}:{string.Join(",", e.Lines.Select(l => $"{l.LineId}={l.Discount}"))}:{string.Join(",", e.Reasons)}"))
        + "#" + string.Join("|", evaluation.Best.Coupons.Select(e => $"{e.CouponId}:{e.Discount}:{string.Join(",", e.Lines.Select(l => $"{l.LineId}={l.Discount}"))}"));

    private static Money AmountOf(CouponBasket basket, string lineId)
    {
        var line = basket.Lines.Single(l => l.LineId == lineId);
        return new Money(decimal.Round(line.UnitPrice.Amount * line.Quantity, 2, MidpointRounding.AwayFromZero), Currency.CNY);
    }

    private static bool LinesNeverBelowZero(CouponBasket basket, CouponCombination best) =>
        basket.Lines.All(line => best.Coupons.SelectMany(c => c.Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Discount.Amount) <= AmountOf(basket, line.LineId).Amount);

    private static decimal EligibleSubtotal(CouponBasket basket, CouponTemplate template) => basket.Lines
        .Where(l => template.Scope.Includes(l.Sku, l.Category)
            || (template.Benefit is FreeGiftBenefit g && l.Sku == g.Sku)
            || (template.Benefit is BuyGetBenefit { FreeSkus: { } free } && free.Contains(l.Sku)))
        .Sum(l => AmountOf(basket, l.LineId).Amount);

    /// <summary>A random basket (1-8 lines, some by weight, distinct ids), 0-8 random templates and a maximum of 1-4 coupons.</summary>
    private static (CouponBasket Basket, IReadOnlyList<CouponTemplate> Templates, int Max) Scenario(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, random.Next(1, 9)).Select(i =>
        {
            var category = Categories[random.Next(Categories.Length)];
            var quantity = random.Next(5) == 0 ? random.Next(1, 200) / 100m : random.Next(1, 4);
            return Line($"l{random.Next(1000):000}-{i}", random.Next(0, 6000) / 100m, quantity, category, $"{category}-{random.Next(3)}");
        }).ToArray();
        var basket = new CouponBasket { Lines = lines, StoreId = "sh-001", DeliveryFee = random.Next(3) == 0 ? Cny(random.Next(0, 1500) / 100m) : null };
        var templates = Enumerable.Range(0, random.Next(0, 9)).Select(i => RandomTemplate(random, $"t{i}")).ToArray();
        return (basket, templates, random.Next(1, 5));
    }

}
