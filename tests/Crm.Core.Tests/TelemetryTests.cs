using System.Diagnostics;
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
            if (instrument.Meter.Name == CrmTelemetry.Name)
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

    /// <summary>
    /// A host with OpenTelemetry sees where a purchase spent its time (issue 27): one span for the fact, with the unit's
    /// read-ahead, one span per handler and the commit beneath it; a refused fact ends its span with the error code.
    /// </summary>
    [Fact]
    public async Task RecordPurchase_EmitsASpanPerHandlerAndUnitStep_UnderTheFactsSpan()
    {
        using var test = new ActivitySource("crm-telemetry-test");
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is CrmTelemetry.Name or "crm-telemetry-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var crm = TestCrm.Create(configure: b => b.AddPurchaseHandler<TimedHandler>());
        ActivityTraceId trace;
        using (var root = test.StartActivity("till"))
        {
            trace = root!.TraceId;
            await crm.Manager.RecordPurchaseAsync(Purchase("tr-1", "tr-c", Instant.FromUtc(2026, 5, 1, 0, 0), Line("1", 10m)));
            var refused = () => crm.Manager.RecordPurchaseAsync(Purchase("tr-2", "tr-c", Instant.FromUtc(2026, 5, 1, 0, 0), 99m, Line("1", 10m)));
            await refused.Should().ThrowAsync<CrmValidationException>();
        }

        List<Activity> mine;
        lock (stopped)
        {
            mine = [.. stopped.Where(a => a.TraceId == trace)];
        }

        var facts = mine.Where(a => a.OperationName == "crm.record_purchase").ToList();
        facts.Should().HaveCount(2);
        var recorded = facts.Single(a => (string?)a.GetTagItem("crm.fact.id") == "tr-1");
        recorded.GetTagItem("crm.fact.status").Should().Be("Recorded");
        recorded.Status.Should().Be(ActivityStatusCode.Unset);
        mine.Where(a => a.ParentSpanId == recorded.SpanId).Select(a => a.DisplayName).Should().Equal(
            "crm.unit.prefetch", "crm.handler " + nameof(TimedHandler), "crm.unit.commit");
        var handler = mine.Single(a => a.OperationName == "crm.handler" && a.ParentSpanId == recorded.SpanId);
        handler.GetTagItem("crm.handler.order").Should().Be(CrmHandlerOrder.Host);
        var refusedSpan = facts.Single(a => (string?)a.GetTagItem("crm.fact.id") == "tr-2");
        refusedSpan.Status.Should().Be(ActivityStatusCode.Error);
        refusedSpan.StatusDescription.Should().Be(CrmErrorCodes.PurchasePaidTotalInvalid);
    }

    private sealed class TimedHandler : IPurchaseHandler
    {
        public int Order => CrmHandlerOrder.Host;

        public ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
