using System.Diagnostics.Metrics;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task RecordPurchase_PublishesCountersOnCrmCoreMeter()
    {
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CrmTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts)
            {
                counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        using var crm = TestCrm.Create();
        var purchase = Purchase($"tel-{Guid.NewGuid():N}", "tel-c", Instant.FromUtc(2026, 5, 1, 0, 0), Line("1", 10m));

        await crm.Manager.RecordPurchaseAsync(purchase);
        await crm.Manager.RecordPurchaseAsync(purchase);

        // Other tests run in parallel and publish on the same static meter, so assert at least, not exactly.
        counts.GetValueOrDefault("crm.purchases.recorded").Should().BeGreaterThanOrEqualTo(1);
        counts.GetValueOrDefault("crm.purchases.replayed").Should().BeGreaterThanOrEqualTo(1);
    }
}
