using BenchmarkDotNet.Attributes;
using Crm.Coupons;
using Crm.Coupons.Internal;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// The pure coupon evaluator on a 20-line basket (5 categories, quantities 1-3): preparing the basket (lines sorted by
/// id, amounts in minor units) and evaluating one coupon; the best combination (which coupons and their order, at most 3
/// per purchase) of a 20- and a 30-coupon wallet; and, through <see cref="CouponManager.EvaluateAsync"/> on in-memory
/// storage, 200 automatic promotions plus a 10-coupon wallet (issue 21). Targets: one coupon ≤ 5 µs; 20 lines × 30
/// coupons ≤ 1 ms (issue 5); 200 automatic promotions + 10 coupons × 20 lines ≤ 1 ms (issue 21).
/// </summary>
[MemoryDiagnoser]
public class CouponsEvaluationBenchmark
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly CustomerId Customer = new("c-1");
    private readonly CouponEvaluator _evaluator = new(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
    private readonly CustomerContext _customer = new(Customer, "gold", ["coffee-lovers"], 12);
    private CouponBasket _basket = null!;
    private Candidate[] _one = null!;
    private CouponTemplate[] _templates = null!;
    private ServiceProvider _services = null!;
    private CouponManager _manager = null!;

    [GlobalSetup]
    public void Setup()
    {
        var categories = new[] { "coffee", "tea", "bakery", "extras", "merch" };
        var random = new Random(42);
        _basket = new CouponBasket
        {
            StoreId = "sh-001",
            Channel = SalesChannel.App,
            Lines = [.. Enumerable.Range(0, 20).Select(i => new PurchaseLine
            {
                LineId = $"line-{(i * 7) % 20:00}",
                Sku = $"{categories[i % 5]}-{i}",
                Category = categories[i % 5],
                Quantity = 1 + (i % 3),
                UnitPrice = new Money(random.Next(500, 4000) / 100m, Currency.CNY),
            })],
        };
        Money Cny(decimal amount) => new(amount, Currency.CNY);
        CouponTemplate T(int i, CouponBenefit benefit, CouponScope? scope = null, CouponStacking? stacking = null) => new()
        {
            Id = $"t{i:00}",
            Benefit = benefit,
            Scope = scope ?? new CouponScope(),
            Validity = new CouponValidity { Days = 30 },
            Stacking = stacking ?? new CouponStacking(),
        };
        _templates = [.. Enumerable.Range(0, 210).Select(i => (i % 9) switch
        {
            0 => T(i, new PercentOffBenefit { Percent = 5 + (i % 20), MaxDiscount = Cny(30m) }),
            1 => T(i, new AmountOffBenefit { Amount = Cny(3 + (i % 10)) }, stacking: new CouponStacking { Group = "order" }),
            2 => T(i, new ThresholdBenefit { Minimum = Cny(100m), Discount = Cny(10 + (i % 15)) }, new CouponScope { ExcludedCategories = ["merch"] }),
            3 => T(i, new LadderBenefit { Steps = [new LadderStep { Minimum = Cny(100m), Discount = Cny(10m) }, new LadderStep { Minimum = Cny(200m), Discount = Cny(25m) }] }),
            4 => T(i, new BuyGetBenefit { Buy = 2, Get = 1 }, new CouponScope { Categories = ["coffee"] }),
            5 => T(i, new NthItemBenefit { N = 2, Percent = 50m }, new CouponScope { Categories = ["tea"] }),
            6 => T(i, new FixedPriceBenefit { Price = Cny(9.90m) }, new CouponScope { Categories = ["coffee"] }),
            7 => T(i, new PercentOffBenefit { Percent = 30m }, stacking: new CouponStacking { Exclusive = true }),
            _ => T(i, new FreeGiftBenefit { Sku = "bakery-2" }),
        })];
        _one = [Candidate(_templates[2])];

        // 200 automatic promotions of the same kinds; one in four for an audience this basket's customer is not in (another
        // tier, store or weekday), as a chain's promotions are; and a wallet of 10 coupons of 10 more templates.
        var automatic = _templates.Take(200).Select((t, i) => new CouponTemplate
        {
            Id = "auto-" + t.Id,
            Benefit = t.Benefit,
            Scope = t.Scope,
            Stacking = t.Stacking,
            Validity = t.Validity,
            Automatic = true,
            Conditions = (i % 4) switch
            {
                0 => new CouponConditions { Tiers = ["platinum"] },
                1 => new CouponConditions { Stores = ["bj-001"] },
                2 => new CouponConditions { Weekdays = [IsoDayOfWeek.Sunday] },
                _ => new CouponConditions(),
            },
        });
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FixedClock(Now));
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = Shanghai; })
            .UseInMemoryStorage()
            .AddCoupons(o =>
            {
                foreach (var template in automatic.Concat(_templates.Skip(200)))
                {
                    o.Templates.Add(template);
                }
            });
        _services = services.BuildServiceProvider();
        _manager = _services.GetRequiredService<CouponManager>();
        foreach (var template in _templates.Skip(200))
        {
            _manager.IssueAsync(new CouponIssueRequest(Customer, template.Id, CouponIssueReason.Campaign, template.Id)).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Money OneCoupon()
    {
        var prepared = PreparedBasket.Prepare(_basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        return _evaluator.EvaluateOne(prepared, _customer, _one[0]).Discount;
    }

    [Benchmark]
    public Money BestOf20Exact() => Best(20);

    [Benchmark]
    public Money BestOf30() => Best(30);

    [Benchmark]
    public async Task<Money> Automatic200Wallet10() => (await _manager.EvaluateAsync(Customer, _basket)).Best.TotalDiscount;

    private Money Best(int count)
    {
        var prepared = PreparedBasket.Prepare(_basket, Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var candidates = new Candidate[count];
        for (var i = 0; i < count; i++)
        {
            candidates[i] = Candidate(_templates[i]);
        }

        return _evaluator.Evaluate(prepared, _customer, candidates).Best.TotalDiscount;
    }

    private static Candidate Candidate(CouponTemplate template) => new(
        new Coupon
        {
            Id = "C" + template.Id.ToUpperInvariant(),
            TemplateId = template.Id,
            CustomerId = Customer,
            Reason = CouponIssueReason.Campaign,
            IssueKey = template.Id,
            IssuedAt = Now,
            ValidFrom = Now,
            ValidTo = Now + Duration.FromDays(30),
            Version = 1,
        },
        template,
        CouponSource.Wallet);
}
