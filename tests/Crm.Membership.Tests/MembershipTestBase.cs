using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Membership.Tests;

/// <summary>A CRM with membership on in-memory storage, a recording coupon issuer, Asia/Shanghai, CNY.</summary>
public abstract class MembershipTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    protected static Instant Local(int year, int month, int day, int hour = 0, int minute = 0, DateTimeZone? zone = null) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(zone ?? Shanghai).ToInstant();

    protected static (TestCrm Crm, MembershipManager Membership, RecordingCouponIssuer Issuer) Create(TierPolicy policy, Instant now, DateTimeZone? zone = null)
    {
        var issuer = new RecordingCouponIssuer();
        var crm = TestCrm.Create(
            now,
            b =>
            {
                b.AddMembership(o => o.Policy = policy);
                b.Services.AddSingleton<ICouponIssuer>(issuer);
            },
            o => o.TimeZone = zone ?? Shanghai);
        return (crm, crm.Get<MembershipManager>(), issuer);
    }

    /// <summary>green / gold (spend 1,000 or 10 purchases) / black (spend 3,000), yearly reviews on 1 January.</summary>
    protected static TierPolicy ThreeTiers(QualificationWindow? window = null, DowngradeMode mode = DowngradeMode.OneLevel, int graceDays = 0, RefundDowngradePolicy refunds = RefundDowngradePolicy.NextReview) => new()
    {
        Window = window ?? new CalendarYearWindow(),
        Review = new TierReview { Schedule = ReviewSchedule.CalendarDate, Month = 1, Day = 1, Mode = mode, GraceDays = graceDays },
        RefundPolicy = refunds,
        Tiers =
        [
            new TierDefinition { Name = "green" },
            new TierDefinition
            {
                Name = "gold",
                Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 1000m }, new TierThreshold { Metric = TierMetric.PurchaseCount, Minimum = 10 }],
                Benefits = new TierBenefits
                {
                    PointsMultiplier = 1.5m,
                    WelcomeCouponTemplateId = "gold-welcome",
                    BirthdayCouponTemplateId = "gold-birthday",
                    Periodic = [new PeriodicGrant { CouponTemplateId = "gold-monthly-cup", Count = 2 }],
                },
            },
            new TierDefinition
            {
                Name = "black",
                Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 3000m }],
                Benefits = new TierBenefits { PointsMultiplier = 2m },
            },
        ],
    };
}
