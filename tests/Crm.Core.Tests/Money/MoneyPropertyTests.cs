using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Core.Tests;


public sealed class MoneyPropertyTests
{
    private static readonly Currency[] Currencies = [Currency.CNY, Currency.JPY, Currency.FromCode("KWD")];

    private static Arbitrary<(Money Amount, decimal[] Weights)> Allocations() =>
        (from currency in Gen.Elements(Currencies)
         from minor in Gen.Choose(-5_000_000, 5_000_000)
         from weights in Gen.Choose(0, 10_000).Select(w => (decimal)w / 100m).ArrayOf().Where(ws => ws.Length > 0 && ws.Sum() > 0m)
         select (Money.FromMinorUnits(minor, currency), weights)).ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property Allocate_SumsExactlyToWhole_Holds() =>
        Prop.ForAll(Allocations(), input =>
        {
            var parts = input.Amount.Allocate(input.Weights);
            return parts.Length == input.Weights.Length
                && parts.Aggregate(Money.Zero(input.Amount.Currency), (a, b) => a + b) == input.Amount
                && parts.All(p => p.IsWholeMinorUnits);
        });

    [Property(MaxTest = 2000)]
    public Property Allocate_EachPartWithinOneMinorUnitOfExactShare_Holds() =>
        Prop.ForAll(Allocations(), input =>
        {
            var parts = input.Amount.Allocate(input.Weights);
            var total = input.Weights.Sum();
            var unit = input.Amount.Currency.MinorUnit;
            return parts.Select((p, i) => Math.Abs(p.Amount - (input.Amount.Amount * input.Weights[i] / total))).All(d => d < unit);
        });

    [Property(MaxTest = 2000)]
    public Property AllocateMinorUnits_WholeWeights_SplitsAsAllocate_Holds() =>
        Prop.ForAll(
            Gen.Choose(-5_000_000, 5_000_000).ToArbitrary(),
            Gen.Choose(0, 100_000).ArrayOf().Where(ws => ws.Length > 0 && ws.Sum() > 0).ToArbitrary(),
            (minor, weights) =>
            {
                var expected = Money.FromMinorUnits(minor, Currency.CNY).Allocate([.. weights.Select(w => (decimal)w)]);
                var parts = new long[weights.Length];
                Money.AllocateMinorUnits(minor, [.. weights.Select(w => (long)w)], parts);
                return parts.Select(p => Money.FromMinorUnits(p, Currency.CNY)).SequenceEqual(expected);
            });

    [Property(MaxTest = 2000)]
    public Property FromMinorUnits_IsTheMinorUnitsOverTheScale_Holds() =>
        Prop.ForAll(
            Gen.Elements(Currencies).ToArbitrary(),
            Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Elements(long.MinValue, long.MaxValue, -1L, 0L, 1L)).ToArbitrary(),
            (currency, minor) =>
            {
                var money = Money.FromMinorUnits(minor, currency);
                return money.Amount == minor / (decimal)Math.Pow(10, currency.MinorUnits) && money.ToMinorUnits() == minor && money.Currency == currency;
            });

    [Property(MaxTest = 500)]
    public Property Add_DifferentCurrencies_Throws_Holds() =>
        Prop.ForAll(
            Gen.Two(Gen.Elements(Currencies)).Where(p => p.Item1 != p.Item2).ToArbitrary(),
            Gen.Choose(-100_000, 100_000).ToArbitrary(),
            (pair, minor) =>
            {
                var left = Money.FromMinorUnits(minor, pair.Item1);
                var right = Money.FromMinorUnits(minor, pair.Item2);
                try
                {
                    _ = left + right;
                    return false;
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            });
}
