using Crm.Samples.TillService;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.TillService.Tests;

/// <summary>
/// Starts the till service in memory with a fake clock (Monday 1 June 2026, 10:00 in Shanghai) and the schedule off:
/// tests run the scheduled job through <see cref="CrmScheduledJobs.RunOnceAsync"/>.
/// </summary>
public class TillServiceFactory : WebApplicationFactory<Program>
{
    /// <summary>Monday 1 June 2026, 10:00 in Asia/Shanghai: not the Tuesday member day, so points are 1 per CNY at green.</summary>
    public static readonly Instant Monday = Instant.FromUtc(2026, 6, 1, 2, 0);

    public FakeClock Clock { get; } = new(Monday);

    public CrmScheduledJobs Jobs => Services.GetRequiredService<CrmScheduledJobs>();

    protected virtual void ConfigureStorage(IWebHostBuilder builder) => builder.UseSetting("Crm:Storage", "InMemory");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureStorage(builder);
        builder.UseSetting("Crm:Schedule:Enabled", "false");
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }
}

/// <summary>The same service on a SQLite file of its own, deleted with the factory.</summary>
public sealed class SqliteTillServiceFactory : TillServiceFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tillservice-tests-{Guid.NewGuid():N}.db");

    protected override void ConfigureStorage(IWebHostBuilder builder)
    {
        builder.UseSetting("Crm:Storage", "Sqlite");
        builder.UseSetting("Crm:SqlitePath", _path);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
