using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Crm.Feedback.Tests;

/// <summary>A CRM on in-memory storage in Asia/Shanghai with Crm.Feedback, a recording event sink and coupon issuer, and a fake clock.</summary>
internal sealed class FeedbackWorld : IDisposable
{
    public static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    /// <summary>The business hours of the acceptance example: 9:00 to 22:00 every day, 2 h to acknowledge, 48 h to resolve.</summary>
    public static readonly FeedbackPolicy Policy = FeedbackPolicy.FromJson("""
        {
          "slaTargets": [
            { "acknowledgeWithinHours": 2, "resolveWithinHours": 48 },
            { "category": "hygiene", "acknowledgeWithinHours": 1, "resolveWithinHours": 24 }
          ],
          "businessHours": { "opens": "09:00", "closes": "22:00" }
        }
        """);

    private FeedbackWorld(TestCrm crm, RecordingSink sink, RecordingCouponIssuer issuer)
    {
        Crm = crm;
        Events = sink;
        Issuer = issuer;
    }

    public TestCrm Crm { get; }

    public RecordingSink Events { get; }

    public RecordingCouponIssuer Issuer { get; }

    public FeedbackManager Manager => Crm.Get<FeedbackManager>();

    public IFeedbackStore Store => Crm.Get<IFeedbackStore>();

    public static FeedbackWorld Create(LocalDateTime now, Action<FeedbackOptions>? configure = null, bool withIssuer = true, ICouponIssuer? issuer = null, System.Globalization.CultureInfo? culture = null, int? minimumGroupSize = null)
    {
        var sink = new RecordingSink();
        var recording = new RecordingCouponIssuer();
        var crm = TestCrm.Create(Local(now), options: o =>
        {
            o.Culture = culture;
            o.MinimumGroupSize = minimumGroupSize ?? o.MinimumGroupSize;
        }, configure: b =>
        {
            b.AddFeedback(o =>
            {
                o.Policy = Policy;
                configure?.Invoke(o);
            });
            b.Services.Replace(ServiceDescriptor.Singleton<ICrmEventSink>(sink));
            if (withIssuer)
            {
                b.Services.AddSingleton(issuer ?? recording);
            }
        });
        return new FeedbackWorld(crm, sink, recording);
    }

    /// <summary>An instant from a local date and time in Shanghai.</summary>
    public static Instant Local(LocalDateTime local) => local.InZoneStrictly(Shanghai).ToInstant();

    public static Instant Local(int year, int month, int day, int hour, int minute) => Local(new LocalDateTime(year, month, day, hour, minute));

    public static ServiceInteraction Complaint(string id, Instant at, FeedbackCategory category = FeedbackCategory.WaitTime, string store = "sh-001", string customer = "c1") => new()
    {
        Id = id,
        Kind = InteractionKind.Complaint,
        Category = category,
        Channel = FeedbackChannel.InStore,
        CustomerId = new CustomerId(customer),
        StoreId = store,
        StaffId = "s-7",
        PurchaseId = "p-" + id,
        Text = "Waited 25 minutes for a milk tea",
        OccurredAt = at,
    };

    public void SetLocal(int year, int month, int day, int hour, int minute) => Crm.Clock.Reset(Local(year, month, day, hour, minute));

    public void Dispose() => Crm.Dispose();

    public sealed class RecordingSink : ICrmEventSink
    {
        private readonly ConcurrentQueue<CrmEvent> _events = new();

        public IReadOnlyList<CrmEvent> All => [.. _events];

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            _events.Enqueue(crmEvent);
            return ValueTask.CompletedTask;
        }
    }
}
