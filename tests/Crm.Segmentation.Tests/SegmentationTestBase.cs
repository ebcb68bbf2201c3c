using System.Collections.Concurrent;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Segmentation.Tests;

/// <summary>A CRM with segmentation on in-memory storage, Asia/Shanghai, CNY, and a sink that records events.</summary>
public abstract class SegmentationTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    /// <summary>The as-of of most scenarios: 2026-06-01 12:00 in Shanghai.</summary>
    protected static readonly Instant AsOf = Local(2026, 6, 1, 12);

    protected static Instant Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    protected static (TestCrm Crm, SegmentationManager Manager, RecordingSink Sink) Create(
        SegmentationPolicy? policy = null, int pageSize = 1000, RecordingSink? sink = null, ICustomerTierProvider? tiers = null, System.Globalization.CultureInfo? culture = null, int? minimumGroupSize = null)
    {
        sink ??= new RecordingSink();
        var crm = TestCrm.Create(AsOf + Duration.FromHours(1), options: o =>
        {
            o.Culture = culture;
            o.MinimumGroupSize = minimumGroupSize ?? o.MinimumGroupSize;
        }, configure: b =>
        {
            b.AddSegmentation(o =>
            {
                o.Policy = policy ?? SegmentationPolicy.Default;
                o.PageSize = pageSize;
            });
            b.Services.AddSingleton<ICrmEventSink>(sink);
            if (tiers is not null)
            {
                b.Services.AddSingleton(tiers);
            }
        });
        return (crm, crm.Get<SegmentationManager>(), sink);
    }

    /// <summary>Records purchases of one category at the given local dates (noon), each of the given amount.</summary>
    protected static async Task BuyAsync(TestCrm crm, string customer, decimal amount, string category, params (int Y, int M, int D)[] dates)
    {
        foreach (var (y, m, d) in dates)
        {
            var at = Local(y, m, d);
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{customer}-{y}{m:00}{d:00}-{category}-{Guid.NewGuid():N}", customer, at, Facts.Line("1", amount, category: category)));
        }
    }

    /// <summary>
    /// Five customers with distinct values on every dimension (as-of 2026-06-01, window 2025-07 to 2026-06):
    /// c1 last 2026-05-31 (1 day), 4 purchases, 100 CNY (75 coffee, 25 tea);
    /// c2 last 2026-05-22 (10 days), 3 purchases, 60;
    /// c3 last 2026-04-02 (28 + 31 + 1 = 60 days), 2 purchases, 40;
    /// c4 last 2025-12-03 (28 + 31 + 28 + 31 + 30 + 31 + 1 = 180 days), 1 purchase, 20;
    /// c5 last 2025-06-01 (365 days), before the window: 0 purchases, 0 CNY in it (50 CNY all time).
    /// </summary>
    protected static async Task FiveCustomersAsync(TestCrm crm)
    {
        await BuyAsync(crm, "c1", 25m, "coffee", (2026, 2, 10), (2026, 3, 10), (2026, 5, 31));
        await BuyAsync(crm, "c1", 25m, "tea", (2026, 4, 10));
        await BuyAsync(crm, "c2", 20m, "coffee", (2026, 3, 1), (2026, 4, 1), (2026, 5, 22));
        await BuyAsync(crm, "c3", 20m, "coffee", (2026, 1, 10), (2026, 4, 2));
        await BuyAsync(crm, "c4", 20m, "coffee", (2025, 12, 3));
        await BuyAsync(crm, "c5", 50m, "coffee", (2025, 6, 1));
    }

    protected static async Task<CustomerSegments> SegmentsOf(SegmentationManager manager, string customer) =>
        (await manager.GetSegmentsAsync(new CustomerId(customer)))!;

    public sealed class RecordingSink : ICrmEventSink
    {
        public ConcurrentQueue<CrmEvent> Events { get; } = new();

        public Func<CrmEvent, bool>? FailWhen { get; set; }

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            if (FailWhen?.Invoke(crmEvent) == true)
            {
                throw new InvalidOperationException("sink down");
            }

            Events.Enqueue(crmEvent);
            return ValueTask.CompletedTask;
        }
    }
}
