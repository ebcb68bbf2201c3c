namespace Crm.Core.Tests;


public sealed class MoneyTests
{
    private static Money Cny(decimal amount) => new(amount, Currency.CNY);

    [Fact]
    public void Add_SameCurrency_AddsExactly() => (Cny(0.1m) + Cny(0.2m)).Should().Be(Cny(0.3m));

    [Fact]
    public void Add_DifferentCurrencies_Throws()
    {
        var act = () => Cny(1m) + new Money(1m, Currency.USD);

        act.Should().Throw<InvalidOperationException>().WithMessage("*CNY*USD*");
    }

    [Fact]
    public void Compare_DifferentCurrencies_Throws()
    {
        var act = () => Cny(1m) < new Money(1m, Currency.JPY);

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Equals_SameValueDifferentScale_AreEqual()
    {
        Cny(1.0m).Should().Be(Cny(1.00m));
        Cny(1.0m).GetHashCode().Should().Be(Cny(1.00m).GetHashCode());
    }

    [Theory]
    [InlineData(12.345, MidpointRounding.AwayFromZero, 12.35)]
    [InlineData(12.345, MidpointRounding.ToEven, 12.34)]
    [InlineData(12.349, MidpointRounding.ToZero, 12.34)]
    [InlineData(-12.345, MidpointRounding.AwayFromZero, -12.35)]
    public void Round_UsesMode(decimal amount, MidpointRounding mode, decimal expected) =>
        Cny(amount).Round(mode).Should().Be(Cny(expected));

    [Fact]
    public void Round_Default_IsHalfAwayFromZero() => Cny(0.005m).Round().Should().Be(Cny(0.01m));

    [Fact]
    public void Round_ZeroMinorUnits_RoundsToWhole() => new Money(149.5m, Currency.JPY).Round().Should().Be(new Money(150m, Currency.JPY));

    [Fact]
    public void MinorUnits_RoundTrip()
    {
        Money.FromMinorUnits(1234, Currency.CNY).Should().Be(Cny(12.34m));
        Cny(12.34m).ToMinorUnits().Should().Be(1234);
        new Money(500m, Currency.JPY).ToMinorUnits().Should().Be(500);
    }

    [Fact]
    public void ToMinorUnits_Fractional_Throws() => Cny(1.005m).Invoking(m => m.ToMinorUnits()).Should().Throw<InvalidOperationException>().WithMessage("*round it first*");

    [Theory]
    [InlineData(25, "25.00 CNY")]
    [InlineData(9.9, "9.90 CNY")]
    [InlineData(-3.5, "-3.50 CNY")]
    [InlineData(1.005, "1.005 CNY")]
    public void ToString_ShowsMinorUnitsAndCode(decimal amount, string expected) => Cny(amount).ToString().Should().Be(expected);

    [Fact]
    public void Default_HasNoCurrency_AndOperationsThrow()
    {
        var none = default(Money);

        none.IsDefault.Should().BeTrue();
        none.Invoking(m => m.Currency).Should().Throw<InvalidOperationException>().WithMessage("*Money.Zero*");
        none.Invoking(m => m + Cny(1m)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Allocate_ThreeEqualWeights_GivesLeftoverToFirst()
    {
        var parts = Cny(100m).Allocate([1m, 1m, 1m]);

        parts.Should().Equal(Cny(33.34m), Cny(33.33m), Cny(33.33m));
    }

    [Fact]
    public void Allocate_LargestRemainderWins()
    {
        // In fen: exact shares 428.571, 285.714, 285.714; floors 428 + 285 + 285 = 998 leave 2 fen for the two largest fractions (.714).
        var parts = Cny(10m).Allocate([3m, 2m, 2m]);

        parts.Should().Equal(Cny(4.28m), Cny(2.86m), Cny(2.86m));
        parts.Aggregate((a, b) => a + b).Should().Be(Cny(10m));
    }

    [Fact]
    public void Allocate_ZeroWeight_GetsNothing()
    {
        var parts = Cny(0.05m).Allocate([0m, 1m, 1m]);

        parts.Should().Equal(Cny(0m), Cny(0.03m), Cny(0.02m));
    }

    [Fact]
    public void Allocate_Negative_MirrorsPositive() =>
        Cny(-100m).Allocate([1m, 1m, 1m]).Should().Equal(Cny(-33.34m), Cny(-33.33m), Cny(-33.33m));

    [Fact]
    public void AllocateMinorUnits_LargeWholeWeights_SplitsExactly()
    {
        // 10^18 × (10^18 − 1) overflows a long, and 1/3 of it has no exact decimal: the split stays exact.
        var parts = new long[3];
        Money.AllocateMinorUnits(-1_000_000_000_000_000_000, [999_999_999_999_999_999, 999_999_999_999_999_999, 999_999_999_999_999_999], parts);
        parts.Should().Equal(-333_333_333_333_333_334, -333_333_333_333_333_333, -333_333_333_333_333_333);
    }

    [Fact]
    public void Allocate_BadWeights_Throw()
    {
        Cny(1m).Invoking(m => m.Allocate([])).Should().Throw<ArgumentException>();
        Cny(1m).Invoking(m => m.Allocate([1m, -1m])).Should().Throw<ArgumentException>().WithMessage("*negative*");
        Cny(1m).Invoking(m => m.Allocate([0m, 0m])).Should().Throw<ArgumentException>().WithMessage("*positive*");
        Cny(1.001m).Invoking(m => m.Allocate([1m])).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Currency_FromCode_KnowsCommonCurrencies()
    {
        Currency.FromCode("CNY").MinorUnits.Should().Be(2);
        Currency.FromCode("JPY").MinorUnits.Should().Be(0);
        Currency.FromCode("KWD").MinorUnit.Should().Be(0.001m);
        Currency.TryFromCode("XYZ", out _).Should().BeFalse();
        FluentActions.Invoking(() => Currency.FromCode("XYZ")).Should().Throw<ArgumentException>().WithMessage("*new Currency*");
    }

    [Theory]
    [InlineData("cny")]
    [InlineData("CN")]
    [InlineData("CNY1")]
    public void Currency_BadCode_Throws(string code) =>
        FluentActions.Invoking(() => new Currency(code, 2)).Should().Throw<ArgumentException>();

    [Fact]
    public void PointAmount_ArithmeticAndOverflow()
    {
        (new PointAmount(120) + new PointAmount(30)).Should().Be(new PointAmount(150));
        (new PointAmount(10) - new PointAmount(30)).IsNegative.Should().BeTrue();
        new PointAmount(120).ToString().Should().Be("120 pts");
        FluentActions.Invoking(() => new PointAmount(long.MaxValue) + new PointAmount(1)).Should().Throw<OverflowException>();
    }
}
