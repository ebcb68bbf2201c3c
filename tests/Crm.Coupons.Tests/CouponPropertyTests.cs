using Crm.Coupons.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Coupons.Tests;

/// <summary>
/// Invariants over random baskets and wallets (every benefit kind, scopes, stacking rules): allocation sums exactly,
/// the discount never exceeds the eligible subtotal, the best combination saves at least as much as any single
/// coupon and equals a brute-force search over every subset in every order, and nothing depends on the order of lines.
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
    public Property TargetsCapsAndQualifyingScopes_AllocateExactly_AndRespectTheCap_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed, conditions: true);
        var evaluation = Evaluate(basket, templates, max);
        return evaluation.Coupons.All(e =>
            {
                var cap = templates.Single(t => t.Id == e.TemplateId).Benefit.MaxDiscount;
                return (cap is null || e.Discount <= cap)
                    && (e.OnDeliveryFee || (e.Lines.Sum(l => l.Discount.Amount) == e.Discount.Amount && e.Lines.All(l => l.Discount.IsPositive && l.Discount <= AmountOf(basket, l.LineId))));
            })
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
    public Property Best_EqualsBruteForceOverSubsetsAndOrders_Holds() => Prop.ForAll(Seeds, seed =>
    {
        // Up to 6 coupons and up to 6 per purchase, so brute force tries every subset in every order (1,956 sequences at most).
        var (basket, templates, max) = Scenario(seed, maxTemplates: 6, maxPerPurchase: 6, conditions: true);
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var order = (BenefitOrder)(seed % 2);
        var evaluator = new CouponEvaluator(max, order, MidpointRounding.AwayFromZero);
        var candidates = templates.Select(t => new Candidate(CouponOf(t, Now), t, CouponSource.Wallet)).ToList();
        var best = evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), candidates).Best;
        var applicable = candidates.Where(c => c.Standalone > 0).ToArray();
        var bruteForce = BruteForce(evaluator, prepared, applicable, max, order, []);
        var replayed = evaluator.SequenceTotal(prepared, [.. best.Coupons.Select(e => candidates.Single(c => c.Id == e.CouponId))]);

        return (best.TotalDiscount.ToMinorUnits() == bruteForce && best.IsExact && best.BenefitOrder == order && (best.Coupons.Count == 0 || replayed == bruteForce))
            .Label($"search {best.TotalDiscount} ({string.Join(", ", best.Coupons.Select(c => c.CouponId))}), brute force {bruteForce}");
    });

    [Property(MaxTest = 200)]
    public Property Best_DoesNotDependOnTemplateOrCouponIds_Holds() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed);
        var renamed = new Random(seed + 7);
        var names = templates.Select((_, i) => $"r{i}").OrderBy(_ => renamed.Next()).ToArray();
        var other = templates.Select((t, i) => Template(names[i], t.Benefit, t.Scope, t.Conditions, t.Stacking)).ToArray();

        var a = Evaluate(basket, templates, max).Best.TotalDiscount;
        var b = Evaluate(basket, other, max).Best.TotalDiscount;
        return (a == b).Label($"{a} against {b} renamed");
    });

    /// <summary>The largest total of every compatible sequence of at most <paramref name="max"/> coupons in which every amount benefit precedes every percentage (or the reverse).</summary>
    private static long BruteForce(CouponEvaluator evaluator, PreparedBasket basket, Candidate[] applicable, int max, BenefitOrder order, List<Candidate> prefix)
    {
        var best = prefix.Count == 0 ? 0 : evaluator.SequenceTotal(basket, prefix);
        if (prefix.Count == max)
        {
            return best;
        }

        foreach (var next in applicable)
        {
            if (prefix.Contains(next) || prefix.Any(p => Search.Conflicts(p, next))
                || (prefix.Count > 0 && Search.ClassOf(next.Template.Benefit, order) < Search.ClassOf(prefix[^1].Template.Benefit, order)))
            {
                continue;
            }

            prefix.Add(next);
            best = Math.Max(best, BruteForce(evaluator, basket, applicable, max, order, prefix));
            prefix.RemoveAt(prefix.Count - 1);
        }

        return best;
    }

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

    /// <summary>
    /// Where a coupon comes from does not change what it saves: the same templates as automatic promotions give the
    /// customer the same best total as when each is held as a wallet coupon (through the manager, budgets and all).
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Best_IsTheSame_WhetherTemplatesAreAutomaticOrHeld() => Prop.ForAll(Seeds, seed =>
    {
        var (basket, templates, max) = Scenario(seed, conditions: true);
        var automatic = templates.Select(t => new CouponTemplate
        {
            Id = t.Id, Benefit = t.Benefit, Scope = t.Scope, Conditions = t.Conditions, Validity = t.Validity, Stacking = t.Stacking, Budget = t.Budget, Automatic = true,
        }).ToArray();
        using var held = CreateCrm(Now, o => Configure(o, templates, max));
        using var auto = CreateCrm(Now, o => Configure(o, automatic, max));
        foreach (var template in templates)
        {
            held.Get<CouponManager>().IssueAsync(new CouponIssueRequest(Alice, template.Id, CouponIssueReason.Campaign, template.Id)).GetAwaiter().GetResult();
        }

        var fromWallet = held.Get<CouponManager>().EvaluateAsync(Alice, basket).GetAwaiter().GetResult();
        var fromPromotions = auto.Get<CouponManager>().EvaluateAsync(Alice, basket).GetAwaiter().GetResult();
        return (fromPromotions.Best.TotalDiscount == fromWallet.Best.TotalDiscount
                && fromPromotions.Coupons.All(c => c.Source == CouponSource.Automatic)
                && fromPromotions.Coupons.Select(c => c.Discount).Order().SequenceEqual(fromWallet.Coupons.Select(c => c.Discount).Order()))
            .Label($"seed {seed}: automatic {fromPromotions.Best.TotalDiscount}, held {fromWallet.Best.TotalDiscount}");
    });

    private static void Configure(CouponsOptions options, IEnumerable<CouponTemplate> templates, int max)
    {
        foreach (var template in templates)
        {
            options.Templates.Add(template);
        }

        options.MaxCouponsPerPurchase = max;
    }

    private static BasketEvaluation Evaluate(CouponBasket basket, IReadOnlyList<CouponTemplate> templates, int max)
    {
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(max, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        return evaluator.Evaluate(prepared, new CustomerContext(Alice, null, [], 0), [.. templates.Select(t => new Candidate(CouponOf(t, Now), t, CouponSource.Wallet))]);
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
    private static (CouponBasket Basket, IReadOnlyList<CouponTemplate> Templates, int Max) Scenario(int seed, int maxTemplates = 8, int maxPerPurchase = 4, bool conditions = false)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, random.Next(1, 9)).Select(i =>
        {
            var category = Categories[random.Next(Categories.Length)];
            var quantity = random.Next(5) == 0 ? random.Next(1, 200) / 100m : random.Next(1, 4);
            return Line($"l{random.Next(1000):000}-{i}", random.Next(0, 6000) / 100m, quantity, category, $"{category}-{random.Next(3)}");
        }).ToArray();
        var basket = new CouponBasket { Lines = lines, StoreId = "sh-001", DeliveryFee = random.Next(3) == 0 ? Cny(random.Next(0, 1500) / 100m) : null };
        var templates = Enumerable.Range(0, random.Next(0, maxTemplates + 1)).Select(i => RandomTemplate(random, $"t{i}", minimumSpend: conditions, qualifying: conditions, units: conditions)).ToArray();
        return (basket, templates, random.Next(1, maxPerPurchase + 1));
    }

}
