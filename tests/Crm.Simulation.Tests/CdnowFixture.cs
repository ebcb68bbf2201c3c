using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Simulation.Tests;

/// <summary>
/// The live state: the whole CDNOW log (69,659 purchases of 23,570 customers) recorded through the public API of an in-memory
/// host with points, membership, coupons, churn and segmentation, in journal order (purchase instant, then id), with the
/// host's monthly jobs. Built once for the class.
/// </summary>
public sealed class CdnowFixture : IAsyncLifetime
{
    public static readonly LocalDate First = new(1997, 1, 1);

    public static readonly LocalDate Last = new(1998, 6, 30);

    public FakeClock Clock { get; } = new(Instant.FromUtc(1997, 1, 1, 0, 0));

    public ServiceProvider Host { get; private set; } = null!;

    public IReadOnlyList<SegmentationCdnow.Row> Rows { get; private set; } = [];

    /// <summary>The purchases as recorded: id, row, instant.</summary>
    public IReadOnlyList<(string Id, SegmentationCdnow.Row Row, Instant At)> Purchases { get; private set; } = [];

    public TimeSpan LoadTime { get; private set; }

    public async Task InitializeAsync()
    {
        Rows = SegmentationCdnow.Read();
        Host = Hosts.Build(Clock, b => b.UseInMemoryStorage());
        var started = Stopwatch.GetTimestamp();
        var crm = Host.GetRequiredService<CrmManager>();
        foreach (var first in Rows.GroupBy(r => r.CustomerId).Select(g => g.MinBy(r => r.Date)))
        {
            await crm.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId(first.CustomerId), JoinedAt = Noon(first.Date) });
        }

        Purchases = [.. Rows.Select((row, i) => ($"cdnow-{i + 1}", row, Noon(row.Date))).OrderBy(p => p.Item3).ThenBy(p => p.Item1, StringComparer.Ordinal)];
        var recorder = new Hosts.Recorder(Host, Clock);
        foreach (var (id, row, at) in Purchases)
        {
            await recorder.RecordAsync(Facts.Purchase(id, row.CustomerId, at, Facts.Line("1", row.Value, category: "cd")));
        }

        await recorder.FinishAsync(Last);
        LoadTime = Stopwatch.GetElapsedTime(started);
    }

    public static Instant Noon(LocalDate date) => date.At(new LocalTime(12, 0)).InZoneLeniently(Hosts.Shanghai).ToInstant();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
