using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.LoadHarness;

/// <summary>The library as a host runs it: <see cref="CrmManager"/> with the chosen packages over the chosen adapter.</summary>
internal static class LibraryRunner
{
    /// <summary>A programme with points (1 per CNY), membership (net spend over 12 rolling months), one coupon template and churn, or the core alone.</summary>
    public static ServiceProvider Build(Target target, Packages packages)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FixedClock(Workload.Start + Duration.FromDays(400)));
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
            o.MaxConcurrencyRetries = 50;
        });
        if (packages != Packages.None)
        {
            builder.AddPoints(o => o.Rules = new EarnRules())
                .AddMembership(o => o.Policy = new TierPolicy
                {
                    Window = new RollingMonthsWindow { Months = 12 },
                    Tiers =
                    [
                        new TierDefinition { Name = "green" },
                        new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 500m }] },
                    ],
                });
            if (packages == Packages.All)
            {
                builder.AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = "off5", Benefit = new AmountOffBenefit { Amount = new Money(5m, Currency.CNY) }, Validity = new CouponValidity { Days = 30 } }))
                    .AddChurn(o => o.Policy = new ChurnPolicy());
            }
        }

        target.Use(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>Records purchases <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 with <paramref name="tasks"/> tasks.</summary>
    public static async Task RecordAsync(CrmManager crm, Workload workload, int first, int count, int tasks)
    {
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            for (int n; (n = Interlocked.Increment(ref next)) < first + count;)
            {
                await crm.RecordPurchaseAsync(workload.Purchase(n)).ConfigureAwait(false);
            }
        })));
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
