using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Simulation.Tests;

/// <summary>A small programme in September 2026: a few customers, purchases over three months, a refund, recorded through the public API.</summary>
internal sealed class SmallHost : IAsyncDisposable
{
    private SmallHost(ServiceProvider services, FakeClock clock)
    {
        Services = services;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public FakeClock Clock { get; }

    public SimulationManager Simulation => Services.GetRequiredService<SimulationManager>();

    public static Instant At(int month, int day, int hour = 12) => new LocalDateTime(2026, month, day, hour, 0).InZoneStrictly(Hosts.Shanghai).ToInstant();

    public static async Task<SmallHost> CreateAsync(Action<ICrmBuilder>? storage = null, bool allPackages = true)
    {
        var clock = new FakeClock(At(7, 1));
        var services = Hosts.Build(clock, storage ?? (b => b.UseInMemoryStorage()), allPackages);
        var host = new SmallHost(services, clock);
        await host.RecordAsync();
        return host;
    }

    private async Task RecordAsync()
    {
        var crm = Services.GetRequiredService<CrmManager>();
        for (var c = 1; c <= 6; c++)
        {
            await crm.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId($"c{c}"), JoinedAt = At(6, 1), Birthday = new LocalDate(1990, 8, c) });
        }

        var recorder = new Hosts.Recorder(Services, Clock);
        var n = 0;

        // July to September: customer c{k} buys on every k-th day, 30 + 10k CNY; 2026-07-07 and every 7th day after is a Tuesday.
        for (var day = new LocalDate(2026, 7, 1); day <= new LocalDate(2026, 9, 30); day = day.PlusDays(1))
        {
            for (var c = 1; c <= 6; c++)
            {
                if (day.DayOfYear % (c + 1) == 0)
                {
                    var at = day.At(new LocalTime(9 + c, 0)).InZoneStrictly(Hosts.Shanghai).ToInstant();
                    await recorder.RecordAsync(Facts.Purchase($"p{++n:D4}", $"c{c}", at, Facts.Line("1", 20m + (10m * c)), Facts.Line("2", 9.5m, quantity: 2m, category: "pastry")));
                }
            }

            // Refunds in September of purchases made in July, at the end of their day (the journal lists a refund with its
            // purchase; the replay puts it back at its own instant).
            if (day == new LocalDate(2026, 9, 10))
            {
                await recorder.RefundAsync(Facts.RefundLines("r1", "p0001", At(9, 10, 20), ("1", 1m)));
                await recorder.RefundAsync(Facts.RefundAmount("r2", "p0002", At(9, 10, 21), 5m));
            }
        }

        await recorder.FinishAsync(new LocalDate(2026, 9, 30));
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
