using System.Collections.Concurrent;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Issues;

/// <summary>
/// Regression tests for reported issues. Most share one story, <see cref="Shop"/>: every package installed on in-memory
/// storage, and a customer about to make the purchase that matters.
/// </summary>
public sealed partial class IssuesTests
{
    private static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    private static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    /// <summary>
    /// Every package on in-memory storage, with <see cref="InstrumentedUnits"/> and a recording event sink. The story of
    /// customer c-1, set up by <see cref="CreateAsync"/>:
    /// <list type="bullet">
    /// <item><description>points: 1 point per CNY; membership: green, then silver at 150 points earned in the calendar year
    /// (welcome coupon <c>silver-welcome</c>);</description></item>
    /// <item><description>four purchases of 30.00 in March (120 points, green);</description></item>
    /// <item><description>on 30 April churn finds c-1 critical (31 days since the last purchase, none in April), opens a
    /// win-back episode and issues a <c>win-back</c> coupon;</description></item>
    /// <item><description>on 5 May at 11:20 an <c>off5</c> coupon (5.00 off) is issued and reserved for the checkout of
    /// <see cref="TheCheckout"/> (paid at 11:30); the clock then reads 12:00.</description></item>
    /// </list>
    /// <see cref="TheCheckout"/> (40.00 of lines, 35.00 paid) then earns 35 points (155: silver at once, with the welcome
    /// coupon), confirms <c>off5</c>, ends the episode as won back and reassesses the customer, all in one unit.
    /// </summary>
    private sealed class Shop : IDisposable
    {
        public static readonly CustomerId Customer = new("c-1");

        private Shop(TestCrm crm, InstrumentedUnits units, RecordingSink events, FailingHostHandler host)
        {
            Crm = crm;
            Units = units;
            Events = events;
            Host = host;
        }

        public TestCrm Crm { get; }

        public InstrumentedUnits Units { get; }

        public RecordingSink Events { get; }

        public FailingHostHandler Host { get; }

        public CrmManager Manager => Crm.Manager;

        /// <summary>The purchase that matters: 5 May 2026, 11:30, two lattes at 20.00, 35.00 paid with the off5 coupon.</summary>
        public static Purchase TheCheckout => Purchase("p-new", "c-1", Local(2026, 5, 5, 11, 30), 35m, Line("1", 20m, 2m, "coffee", "latte"));

        public static TierPolicy SilverAt150Points() => new()
        {
            Window = new CalendarYearWindow(),
            Tiers =
            [
                new TierDefinition { Name = "green" },
                new TierDefinition
                {
                    Name = "silver",
                    Thresholds = [new TierThreshold { Metric = TierMetric.PointsEarned, Minimum = 150m }],
                    Benefits = new TierBenefits { PointsMultiplier = 2m, WelcomeCouponTemplateId = "silver-welcome" },
                },
            ],
        };

        /// <summary>Builds the shop and plays the story up to the checkout (uninstrumented: the units' counts start at zero).</summary>
        public static async Task<Shop> CreateAsync(Action<CrmOptions>? options = null, bool story = true)
        {
            InstrumentedUnits units = null!;
            var events = new RecordingSink();
            var host = new FailingHostHandler();
            var crm = TestCrm.Create(
                Local(2026, 3, 31),
                b =>
                {
                    b.AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m, Multipliers = [new TierBenefitMultiplier()] })
                        .AddMembership(o => o.Policy = SilverAt150Points())
                        .AddCoupons(o =>
                        {
                            o.Templates.Add(Template("off5", 5m));
                            o.Templates.Add(Template("silver-welcome", 10m));
                            o.Templates.Add(Template("win-back", 8m));
                        })
                        .AddChurn(o => o.Policy = new ChurnPolicy
                        {
                            WinBack = new WinBackPolicy { Actions = [new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "win-back", Channels = ContactChannels.App }] },
                        });
                    b.Services.AddSingleton<ICrmEventSink>(events);
                    b.Services.AddSingleton<IPurchaseHandler>(host);
                    units = InstrumentedUnits.Install(b);
                },
                options);
            var shop = new Shop(crm, units, events, host);
            _ = crm.Get<IStoreUnitOfWorkFactory>();
            if (story)
            {
                await shop.PlayStoryAsync();
            }

            units.Reset();
            events.Clear();
            return shop;
        }

        /// <summary>Everything the stores hold about the customer, the coupon templates and the checkout, as JSON; coupon codes (random) are replaced by their template and issue key.</summary>
        public async Task<string> FingerprintAsync() => await FingerprintAsync(Crm, [Customer]);

        public static async Task<string> FingerprintAsync(TestCrm crm, IEnumerable<CustomerId> customers)
        {
            var state = new List<object?>();
            foreach (var customer in customers)
            {
                var activity = crm.Get<IActivityStore>();
                var points = crm.Get<IPointsLedgerStore>();
                var membership = crm.Get<IMembershipStore>();
                var churn = crm.Get<IChurnStore>();
                var coupons = await crm.Get<ICouponStore>().ListByCustomerAsync(customer);
                state.Add(new Dictionary<string, object?>
                {
                    ["customer"] = customer.Value,
                    ["metrics"] = (await activity.GetMetricsAsync(customer))?.ToString(),
                    ["journal"] = await activity.GetEntriesAsync(customer, 0, 10_000),
                    ["account"] = await points.FindAsync(customer, includeLots: true),
                    ["ledger"] = await points.GetEntriesAsync(customer, null, 10_000),
                    ["member"] = await membership.FindAsync(customer),
                    ["tiers"] = await membership.GetHistoryAsync(customer),
                    ["coupons"] = coupons.Select(c => c with { Id = $"{c.TemplateId}/{c.IssueKey}" }).OrderBy(c => c.Id, StringComparer.Ordinal).ToList(),
                    ["assessment"] = await churn.FindAssessmentAsync(customer),
                    ["episode"] = await churn.FindLatestEpisodeAsync(customer),
                });
            }

            foreach (var template in new[] { "off5", "silver-welcome", "win-back" })
            {
                state.Add(await crm.Get<ICouponStore>().GetUsageAsync(template));
            }

            return CrmJson.Serialize(state);
        }

        public void Dispose() => Crm.Dispose();

        private static CouponTemplate Template(string id, decimal off) => new()
        {
            Id = id,
            Benefit = new AmountOffBenefit { Amount = Cny(off) },
            Validity = new CouponValidity { Days = 30 },
        };

        private async Task PlayStoryAsync()
        {
            await Manager.RegisterCustomerAsync(new CustomerProfile { Id = Customer, JoinedAt = Local(2026, 1, 1) });
            await Manager.GrantAsync(Customer, ContactChannels.App);
            foreach (var (id, day) in new[] { ("p-h1", 1), ("p-h2", 8), ("p-h3", 15), ("p-h4", 30) })
            {
                await Manager.RecordPurchaseAsync(Purchase(id, "c-1", Local(2026, 3, day, 9), Line("1", 30m)));
            }

            Crm.Clock.Reset(Local(2026, 4, 30));
            var evaluation = await Crm.Get<ChurnManager>().EvaluateAsync(Customer);
            evaluation.WinBack.Should().Be(WinBackStatus.ActionTaken);

            // The coupon is issued and reserved at the till before the checkout is paid (11:30); the purchase is recorded at 12:00.
            Crm.Clock.Reset(Local(2026, 5, 5, 11, 20));
            var coupons = Crm.Get<CouponManager>();
            var off5 = await coupons.IssueAsync(new CouponIssueRequest(Customer, "off5", CouponIssueReason.Campaign, "off5-c-1"));
            (await coupons.ReserveAsync(Customer, off5.CouponId!, TheCheckout.Id)).Status.Should().Be(RedemptionStatus.Succeeded);
            Crm.Clock.Reset(Local(2026, 5, 5, 12));
        }
    }

    /// <summary>A host handler (after every package) that throws while <see cref="Fail"/> is set.</summary>
    private sealed class FailingHostHandler : IPurchaseHandler
    {
        public bool Fail { get; set; }

        public int Order => CrmHandlerOrder.Host;

        public ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken) =>
            Fail ? throw new InvalidOperationException("the host's own system is down") : ValueTask.CompletedTask;
    }

    /// <summary>Keeps every event published.</summary>
    private sealed class RecordingSink : ICrmEventSink
    {
        private readonly ConcurrentQueue<CrmEvent> _events = new();

        public IReadOnlyList<CrmEvent> Events => [.. _events];

        public void Clear() => _events.Clear();

        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            _events.Enqueue(crmEvent);
            return ValueTask.CompletedTask;
        }
    }
}
