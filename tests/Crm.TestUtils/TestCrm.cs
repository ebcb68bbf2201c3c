using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.TestUtils;

/// <summary>A CRM on in-memory storage, CNY in Asia/Shanghai, with a fake clock: what most tests need.</summary>
public sealed class TestCrm : IDisposable
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private TestCrm(ServiceProvider provider, FakeClock clock)
    {
        Provider = provider;
        Clock = clock;
        Manager = provider.GetRequiredService<CrmManager>();
    }

    public ServiceProvider Provider { get; }

    public FakeClock Clock { get; }

    public CrmManager Manager { get; }

    public IActivityStore Activity => Provider.GetRequiredService<IActivityStore>();

    /// <summary>Builds the CRM (explaining in the invariant culture, i.e. English, unless <paramref name="options"/> says otherwise); <paramref name="configure"/> adds packages or handlers to the builder.</summary>
    public static TestCrm Create(Instant? now = null, Action<ICrmBuilder>? configure = null, Action<CrmOptions>? options = null)
    {
        var clock = new FakeClock(now ?? Instant.FromUtc(2026, 6, 1, 0, 0));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = Shanghai;

            // Explanations in one culture whatever the machine's: tests of other cultures set their own.
            o.Culture = System.Globalization.CultureInfo.InvariantCulture;
            options?.Invoke(o);
        }).UseInMemoryStorage();
        configure?.Invoke(builder);
        return new TestCrm(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), clock);
    }

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public void Dispose() => Provider.Dispose();
}
