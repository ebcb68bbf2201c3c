using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Core.Tests.DependencyInjection;

public sealed class MinimumGroupSizeOptionTests
{
    [Fact]
    public void MinimumGroupSize_DefaultsToTen()
    {
        new CrmOptions().MinimumGroupSize.Should().Be(10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void MinimumGroupSize_OutOfRange_FailsNamingTheSetting(int size)
    {
        var result = new CrmOptionsValidator().Validate(null, Valid(size));

        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().Contain("CrmOptions.MinimumGroupSize").And.Contain(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void MinimumGroupSize_InRange_Validates(int size)
    {
        new CrmOptionsValidator().Validate(null, Valid(size)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void AddCrm_MinimumGroupSizeZero_FailsAtResolution()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZone.Utc; o.MinimumGroupSize = 0; }).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<CrmOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*MinimumGroupSize*");
    }

    private static CrmOptions Valid(int size) => new() { Currency = Currency.CNY, TimeZone = NodaTime.DateTimeZone.Utc, MinimumGroupSize = size };
}
