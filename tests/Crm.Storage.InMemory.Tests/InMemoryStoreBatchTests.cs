using Crm.Testing.Conformance;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.InMemory.Tests;

/// <summary>The in-memory adapter keeps the default batch of AddCrm, which groups nothing; the contract holds all the same.</summary>
public sealed class InMemoryStoreBatchTests : StoreBatchConformanceTests, IDisposable
{
    private readonly ServiceProvider _provider = new ServiceCollection()
        .AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = NodaTime.DateTimeZone.Utc;
        })
        .UseInMemoryStorage()
        .Services.BuildServiceProvider();

    public void Dispose() => _provider.Dispose();

    protected override Task<(IStoreBatchFactory Batches, ICustomerStore Customers, IActivityStore Activity)> CreateStoresAsync() =>
        Task.FromResult((_provider.GetRequiredService<IStoreBatchFactory>(), _provider.GetRequiredService<ICustomerStore>(), _provider.GetRequiredService<IActivityStore>()));
}
