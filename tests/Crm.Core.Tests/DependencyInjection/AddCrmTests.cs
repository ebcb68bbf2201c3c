using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Core.Tests.DependencyInjection;

public sealed class AddCrmTests
{
    [Fact]
    public void AddCrm_MissingCurrencyAndZone_FailsNamingBothSettings()
    {
        var services = new ServiceCollection();
        services.AddCrm(_ => { }).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<CrmManager>();

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("CrmOptions.Currency")).And.Contain(f => f.Contains("CrmOptions.TimeZone"));
    }

    [Fact]
    public void AddCrm_BadRetries_FailsNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZone.Utc; o.MaxConcurrencyRetries = -1; }).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<CrmOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxConcurrencyRetries*");
    }

    [Fact]
    public void AddCrm_WithoutStorage_SaysWhichCallIsMissing()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZone.Utc; });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<CrmManager>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*UseInMemoryStorage()*UseSqliteStorage*");
    }

    [Fact]
    public void AddCrm_Twice_RegistersOnceAndCombinesConfiguration()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => o.Currency = Currency.CNY);
        services.AddCrm(o => o.TimeZone = NodaTime.DateTimeZone.Utc).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(CrmManager)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<CrmOptions>)).Should().Be(1);
        provider.GetRequiredService<CrmManager>().Currency.Should().Be(Currency.CNY);
    }

    [Fact]
    public void AddCrm_KeepsHostClock()
    {
        var services = new ServiceCollection();
        var clock = new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2020, 1, 1, 0, 0));
        services.AddSingleton<NodaTime.IClock>(clock);
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZone.Utc; }).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<NodaTime.IClock>().Should().BeSameAs(clock);
    }
}
