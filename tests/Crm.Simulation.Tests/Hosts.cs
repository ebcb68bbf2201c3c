using System.Text;
using System.Text.Json;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Simulation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Simulation.Tests;

/// <summary>Hosts as an adopter builds them, with the rules the tests simulate, on any storage adapter.</summary>
internal static class Hosts
{
    public static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    /// <summary>Levels by a rolling 24 months (the whole CDNOW log from any day of it), upgrades only: no review.</summary>
    public static TierPolicy Tiers(decimal silverVisits = 5, decimal goldSpend = 500) => TierPolicy.FromJson($$"""
        {
          "window": { "kind": "rollingMonths", "months": 24 },
          "tiers": [
            { "name": "member" },
            { "name": "silver", "thresholds": [ { "metric": "purchaseCount", "minimum": {{silverVisits}} } ] },
            { "name": "gold", "thresholds": [ { "metric": "netSpend", "minimum": {{goldSpend}} } ] }
          ]
        }
        """);

    public static EarnRules Earn(decimal rate = 1, string memberDay = "tuesday") => EarnRules.FromJson($$"""
        { "pointsPerUnit": {{rate}}, "multipliers": [ { "kind": "memberDay", "name": "{{memberDay}} member day", "dayOfWeek": "{{memberDay}}", "factor": 2 } ] }
        """);

    public static ServiceProvider Build(FakeClock clock, Action<ICrmBuilder> storage, bool allPackages = true)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = Shanghai;
            o.EarliestFactInstant = Instant.FromUtc(1990, 1, 1, 0, 0); // CDNOW is from 1997-98
        });
        builder.AddPoints(o =>
        {
            o.Rules = Earn();
            o.Expiry = PointsExpiry.MonthsAfterEarning(6);
            o.CostPerPoint = new Money(0.01m, Currency.CNY);
        });
        builder.AddMembership(o => o.Policy = Tiers());
        if (allPackages)
        {
            builder.AddCoupons(o => o.Templates.Add(CouponTemplate.ListFromJson("""
                [ { "id": "winback", "name": "We miss you: 5 off", "benefit": { "kind": "amountOff", "amount": "5.00 CNY" }, "validity": { "days": 14 } } ]
                """)[0]));
            builder.AddChurn(o =>
            {
                o.RefitModelOnRun = false;
                o.Policy = ChurnPolicy.FromJson("""
                    {
                      "cadence": { "multiplier": 3, "minPurchaseDays": 3, "defaultGapDays": 60, "weight": 1 },
                      "model": { "weight": 0 },
                      "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 },
                      "winBack": { "actions": [ { "level": "warning", "kind": "coupon", "couponTemplateId": "winback", "channels": "app" } ],
                                   "coolDownDays": 30, "wonBackWithinDays": 14 }
                    }
                    """);
            });
            builder.AddSegmentation(o => o.Policy = new SegmentationPolicy { Rfm = new RfmSettings { WindowMonths = 24 } });
        }

        storage(builder);
        builder.AddSimulation(o => o.PageSize = 2000);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// What the host's scheduler does in these tests: points expiry, tier reviews and benefits at each local month's start,
    /// a churn run and a segmentation run at the end. The simulation assumes the same schedule.
    /// </summary>
    public sealed class Recorder(IServiceProvider host, FakeClock clock)
    {
        private YearMonth? _month;

        public async Task RecordAsync(Purchase purchase)
        {
            await AdvanceAsync(purchase.OccurredAt);
            clock.Reset(purchase.OccurredAt);
            await host.GetRequiredService<CrmManager>().RecordPurchaseAsync(purchase);
        }

        public async Task RefundAsync(Refund refund)
        {
            await AdvanceAsync(refund.OccurredAt);
            clock.Reset(refund.OccurredAt);
            await host.GetRequiredService<CrmManager>().RecordRefundAsync(refund);
        }

        public async Task FinishAsync(LocalDate lastDay)
        {
            var end = lastDay.PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant();
            await AdvanceAsync(end);
            if (lastDay.PlusDays(1).Day != 1)
            {
                await JobsAsync(end);
            }

            clock.Reset(end);
            if (host.GetService<ChurnManager>() is { } churn)
            {
                await churn.RunAsync();
            }

            if (host.GetService<SegmentationManager>() is { } segmentation)
            {
                await segmentation.RunAsync(end);
            }
        }

        private async Task AdvanceAsync(Instant instant)
        {
            var target = instant.InZone(Shanghai).Date.ToYearMonth();
            _month ??= target;
            while (_month < target)
            {
                var boundary = _month.Value.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(Shanghai).ToInstant();
                await JobsAsync(boundary);
                _month = _month.Value.PlusMonths(1);
            }
        }

        private async Task JobsAsync(Instant at)
        {
            clock.Reset(at);
            await host.GetRequiredService<PointsManager>().ExpireAsync(at);
            var membership = host.GetRequiredService<MembershipManager>();
            await membership.RunReviewsAsync(at);
            await membership.GrantBenefitsAsync(at);
        }
    }

    /// <summary>Every customer's stored state, as JSON per customer: profile, metrics, journal, points account with lots and ledger, member state and history, coupons, churn assessment, segments.</summary>
    public static async Task<SortedDictionary<string, string>> DumpAsync(IServiceProvider services)
    {
        var activity = services.GetRequiredService<IActivityStore>();
        var dump = new SortedDictionary<string, string>(StringComparer.Ordinal);
        CustomerId? after = null;
        while (true)
        {
            var page = await activity.ListMetricsAsync(after, 1000);
            foreach (var metrics in page)
            {
                dump[metrics.CustomerId.Value] = await DumpCustomerAsync(services, metrics);
            }

            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].CustomerId;
        }

        return dump;
    }

    private static async Task<string> DumpCustomerAsync(IServiceProvider services, CustomerMetrics metrics)
    {
        var id = metrics.CustomerId;
        var text = new StringBuilder();
        void Add(string name, object? value) => text.Append(name).Append('=').Append(JsonSerializer.Serialize(value, CrmJson.Options)).Append('\n');
        Add("metrics", metrics.ToString());
        Add("months", metrics.Months);
        Add("journal", await services.GetRequiredService<IActivityStore>().GetEntriesAsync(id, 0, 10_000));
        if (services.GetService<IPointsLedgerStore>() is { } points)
        {
            Add("points", await points.FindAsync(id, includeLots: true));
            Add("ledger", await points.GetEntriesAsync(id, null, 10_000));
        }

        if (services.GetService<IMembershipStore>() is { } membership)
        {
            Add("member", await membership.FindAsync(id));
            Add("history", await membership.GetHistoryAsync(id));
        }

        if (services.GetService<ICouponStore>() is { } coupons)
        {
            Add("coupons", await coupons.ListByCustomerAsync(id));
        }

        if (services.GetService<ChurnManager>() is { } churn)
        {
            Add("churn", await churn.GetAssessmentAsync(id));
        }

        if (services.GetService<ISegmentStore>() is { } segments)
        {
            Add("segments", await segments.FindAsync(id));
        }

        return text.ToString();
    }
}
