using System.Collections.Concurrent;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Churn.Tests;

/// <summary>A CRM with churn warning on in-memory storage, a recording coupon issuer and event sink, Asia/Shanghai, CNY.</summary>
public abstract class ChurnTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    protected static Instant Local(int year, int month, int day, int hour = 12, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    protected static (TestCrm Crm, ChurnManager Churn, RecordingCouponIssuer Issuer, RecordingEventSink Events) Create(ChurnPolicy policy, Instant now, bool withIssuer = true)
    {
        var issuer = new RecordingCouponIssuer();
        var events = new RecordingEventSink();
        var crm = TestCrm.Create(now, b =>
        {
            b.AddChurn(o =>
            {
                o.Policy = policy;
                o.RefitModelOnRun = false;
            });
            if (withIssuer)
            {
                b.Services.AddSingleton<ICouponIssuer>(issuer);
            }

            b.Services.AddSingleton<ICrmEventSink>(events);
        });
        return (crm, crm.Get<ChurnManager>(), issuer, events);
    }

    /// <summary>Records purchases of 30 CNY at the given instants (all before the clock's now).</summary>
    protected static async Task BuyAsync(TestCrm crm, string customer, params Instant[] at)
    {
        for (var i = 0; i < at.Length; i++)
        {
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"{customer}-{at[i].ToUnixTimeTicks()}-{i}", customer, at[i], Facts.Line("1", 30m)));
        }
    }

    protected static async Task RegisterAsync(TestCrm crm, string customer, ContactChannels consents)
    {
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId(customer), JoinedAt = Instant.FromUtc(2025, 1, 1, 0, 0) });
        await crm.Manager.GrantAsync(new CustomerId(customer), consents, ConsentPurpose.Marketing);
    }

    /// <summary>Only the signal under test counts.</summary>
    protected static ChurnPolicy Only(ChurnSignal signal, WinBackPolicy? winBack = null) => new()
    {
        Cadence = new CadenceSignalSettings { Weight = signal == ChurnSignal.Cadence ? 1.0 : 0 },
        FrequencyDrop = new FrequencyDropSignalSettings { Weight = signal == ChurnSignal.FrequencyDrop ? 0.8 : 0 },
        Model = new ModelSignalSettings { Weight = signal == ChurnSignal.Model ? 1.0 : 0 },
        Feedback = new FeedbackSignalSettings { Weight = signal == ChurnSignal.Feedback ? 0.5 : 0 },
        WinBack = winBack ?? new WinBackPolicy(),
    };

    public sealed class RecordingEventSink : ICrmEventSink
    {
        private readonly ConcurrentQueue<CrmEvent> _events = new();

        public IReadOnlyList<CrmEvent> Events => [.. _events];

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            _events.Enqueue(crmEvent);
            return ValueTask.CompletedTask;
        }
    }
}
