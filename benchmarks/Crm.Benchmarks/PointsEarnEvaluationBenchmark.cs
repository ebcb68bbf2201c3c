using BenchmarkDotNet.Attributes;
using Crm.Points;
using NodaTime;

namespace Crm.Benchmarks;

/// <summary>
/// The pure earn evaluation of a 5-line purchase against 10 rules (2 exclusions, 7 multipliers of every kind, a cap):
/// <see cref="EarnRules.Evaluate(EarnContext)"/>. Target (issue 3): at most 2 µs and 1 KB allocated.
/// </summary>
[MemoryDiagnoser]
public class PointsEarnEvaluationBenchmark
{
    private EarnRules _rules = null!;
    private EarnContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cny = Currency.CNY;
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        _rules = new EarnRules
        {
            PointsPerUnit = 1m,
            ExcludedCategories = ["gift-card"],
            ExcludedSkus = ["deposit-cup"],
            Multipliers =
            [
                new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m },
                new MemberDayMultiplier { DayOfMonth = 18, Factor = 3m },
                new CategoryMultiplier { Category = "beans", Factor = 3m },
                new CategoryMultiplier { Category = "bakery", Factor = 1.2m },
                new SkuMultiplier { Sku = "latte-grande", Factor = 1.5m },
                new PromotionMultiplier { From = Instant.FromUtc(2026, 6, 1, 0, 0), To = Instant.FromUtc(2026, 6, 19, 0, 0), Factor = 2m },
                new TierBenefitMultiplier(),
            ],
            MaxPointsPerPurchase = 5000,
        };
        _rules.Validate();
        _context = new EarnContext
        {
            // Tuesday 2 June 2026, 10:00 in Shanghai: the member day and the promotion apply.
            OccurredAt = Instant.FromUtc(2026, 6, 2, 2, 0),
            TimeZone = zone,
            Tier = new CustomerTier("gold", 1, 1.5m),
            Lines =
            [
                new ActivityLine { LineId = "1", Sku = "latte-grande", Category = "coffee", Quantity = 2m, Amount = new Money(36m, cny) },
                new ActivityLine { LineId = "2", Sku = "croissant", Category = "bakery", Quantity = 1m, Amount = new Money(12.5m, cny) },
                new ActivityLine { LineId = "3", Sku = "ethiopia-250g", Category = "beans", Quantity = 1m, Amount = new Money(88m, cny) },
                new ActivityLine { LineId = "4", Sku = "deposit-cup", Category = "extras", Quantity = 1m, Amount = new Money(1m, cny) },
                new ActivityLine { LineId = "5", Sku = "gift-card-100", Category = "gift-card", Quantity = 1m, Amount = new Money(100m, cny) },
            ],
        };
    }

    [Benchmark]
    public PointAmount Evaluate() => _rules.Evaluate(_context).Points;
}
