using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Ledger;

/// <summary>The expiry instant of each policy, computed by hand in the programme's time zone, and the balance's expiring-soon window.</summary>
public sealed class ExpiryPolicyTests : PointsTestBase
{
    public static TheoryData<string, PointsExpiry, Instant, Instant?> Policies => new()
    {
        // Shanghai is UTC+8 all year. 10:00 local is 02:00 UTC.
        { "never", PointsExpiry.Never, Local(2026, 6, 1, 10), null },
        { "12 months", PointsExpiry.MonthsAfterEarning(12), Local(2026, 2, 1, 10), Instant.FromUtc(2027, 2, 1, 2, 0) },
        { "31 January + 1 month, common year: last day of February", PointsExpiry.MonthsAfterEarning(1), Local(2027, 1, 31, 10), Instant.FromUtc(2027, 2, 28, 2, 0) },
        { "31 January + 1 month, leap year", PointsExpiry.MonthsAfterEarning(1), Local(2028, 1, 31, 10), Instant.FromUtc(2028, 2, 29, 2, 0) },
        { "31 August + 3 months: 30 November", PointsExpiry.MonthsAfterEarning(3), Local(2026, 8, 31, 23, 30), Instant.FromUtc(2026, 11, 30, 15, 30) },
        { "end of the same year", PointsExpiry.EndOfYear(0), Local(2026, 12, 31, 23, 30), Instant.FromUtc(2026, 12, 31, 16, 0) },
        { "end of the next year", PointsExpiry.EndOfYear(1), Local(2026, 6, 1, 10), Instant.FromUtc(2027, 12, 31, 16, 0) },

        // 00:30 on 1 January 2027 in Shanghai is still 2026 in UTC; the local year (2027) counts: 2027 + 2 ends at 2030 local.
        { "end of year + 2, earned just after local midnight", PointsExpiry.EndOfYear(2), Local(2027, 1, 1, 0, 30), Instant.FromUtc(2029, 12, 31, 16, 0) },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void ExpiresAt_IsTheHandComputedInstant(string because, PointsExpiry policy, Instant earnedAt, Instant? expected)
    {
        policy.ExpiresAt(earnedAt, Shanghai).Should().Be(expected, because);
    }

    [Fact]
    public void ExpiresAt_MonthsIntoADaylightSavingGap_MovesForwardByTheGap()
    {
        // New York springs forward at 02:00 on Sunday 8 March 2026. Earned at 02:30 EST on 8 February (07:30 UTC), one
        // month later is 02:30 on 8 March, which does not exist: lenient resolution gives 03:30 EDT, 07:30 UTC.
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var earned = new LocalDateTime(2026, 2, 8, 2, 30).InZoneStrictly(newYork).ToInstant();

        PointsExpiry.MonthsAfterEarning(1).ExpiresAt(earned, newYork).Should().Be(Instant.FromUtc(2026, 3, 8, 7, 30));
    }

    [Theory]
    [InlineData(PointsExpiryKind.Never, 0, "never")]
    [InlineData(PointsExpiryKind.MonthsAfterEarning, 18, "18 months after earning")]
    [InlineData(PointsExpiryKind.EndOfYear, 0, "end of the year of earning")]
    [InlineData(PointsExpiryKind.EndOfYear, 2, "end of the year 2 years after earning")]
    public void ToString_DescribesThePolicy(PointsExpiryKind kind, int count, string expected)
    {
        new PointsExpiry { Kind = kind, Count = count }.ToString().Should().Be(expected);
    }

    [Fact]
    public async Task Lots_GetTheirExpiryFromThePolicy_ThroughTheManager()
    {
        // Months: the manager computes each lot's expiry from its own earning instant.
        var (crm, _) = Create(BaseRules, Local(2028, 3, 1), o => o.Expiry = PointsExpiry.MonthsAfterEarning(1));
        using var _c = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-jan", "c-1", Local(2027, 1, 31, 10), Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-leap", "c-1", Local(2028, 1, 31, 10), Line("1", 10m)));

        var lots = (await Store(crm).FindAsync(C1, includeLots: true))!.Lots;

        lots.Single(l => l.LotId == "purchase:p-jan").ExpiresAt.Should().Be(Instant.FromUtc(2027, 2, 28, 2, 0));
        lots.Single(l => l.LotId == "purchase:p-leap").ExpiresAt.Should().Be(Instant.FromUtc(2028, 2, 29, 2, 0));
    }

    [Fact]
    public async Task Lots_EndOfYearPolicy_FollowsTheYearOfEachPurchase_InAnyOrder()
    {
        // The manager keeps the last year's end; purchases of 2026, 2027 and 2026 again must each get their own year.
        var (crm, _) = Create(BaseRules, Local(2027, 6, 1), o => o.Expiry = PointsExpiry.EndOfYear(1));
        using var _c = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2027, 1, 1, 0, 30), Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 12, 31, 23, 59), Line("1", 10m)));

        var lots = (await Store(crm).FindAsync(C1, includeLots: true))!.Lots;

        lots.Single(l => l.LotId == "purchase:p-1").ExpiresAt.Should().Be(Instant.FromUtc(2027, 12, 31, 16, 0));
        lots.Single(l => l.LotId == "purchase:p-2").ExpiresAt.Should().Be(Instant.FromUtc(2028, 12, 31, 16, 0));
        lots.Single(l => l.LotId == "purchase:p-3").ExpiresAt.Should().Be(Instant.FromUtc(2027, 12, 31, 16, 0));
    }

    [Fact]
    public async Task ExpiryJob_LotRecordedAfterARun_IsExpiredByTheNextRunWithALaterAsOf()
    {
        // A till that was offline sends a purchase of 1 May after the job for 1 June 12:00 has run. Its lot expired
        // at 1 June 10:00. Rerunning the job for the same instant is a replay of that run (its key) and changes
        // nothing; the next run, one second later, expires the late lot.
        var (crm, points) = Create(BaseRules, Local(2026, 6, 2), o => o.Expiry = PointsExpiry.MonthsAfterEarning(1));
        using var _c = crm;
        var asOf = Local(2026, 6, 1, 12);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 4, 20, 10), Line("1", 30m)));
        var first = await points.ExpireAsync(asOf);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-late", "c-1", Local(2026, 5, 1, 10), Line("1", 12m)));

        var rerun = await points.ExpireAsync(asOf);
        var next = await points.ExpireAsync(asOf + Duration.FromSeconds(1));

        first.Should().Be(new PointsExpiryRunResult { Customers = 1, Points = new PointAmount(30) });
        rerun.Should().Be(new PointsExpiryRunResult { Customers = 0, Points = PointAmount.Zero });
        next.Should().Be(new PointsExpiryRunResult { Customers = 1, Points = new PointAmount(12) });
        (await points.GetBalanceAsync(C1)).Total.Should().Be(PointAmount.Zero);
    }

    [Fact]
    public async Task Balance_ExpiringSoon_CountsLotsExpiringAfterNowAndWithinTheWindow()
    {
        // One month after earning. Now: 1 June 2026, 12:00 Shanghai.
        //   10 earned 1 May 10:00   -> expired at 1 June 10:00 (before now: not spendable, not "expiring soon")
        //   20 earned 20 May 10:00  -> expires 20 June 10:00 (in 18 days 22 hours)
        //   40 earned 1 June 09:00  -> expires 1 July 09:00 (in 29 days 21 hours)
        //    5 adjusted 1 June 12:00 -> expires 1 July 12:00 (exactly 30 days: the window's end is included)
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12), o => o.Expiry = PointsExpiry.MonthsAfterEarning(1));
        using var _c = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 5, 1, 10), Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 5, 20, 10), Line("1", 20m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 6, 1, 9), Line("1", 40m)));
        await points.AdjustAsync(C1, new PointAmount(5), "adj-1", "goodwill", "op-7");

        var month = await points.GetBalanceAsync(C1);
        var nineteenDays = await points.GetBalanceAsync(C1, expiringWithinDays: 19);
        var eighteenDays = await points.GetBalanceAsync(C1, expiringWithinDays: 18);
        var none = await points.GetBalanceAsync(C1, expiringWithinDays: 0);

        month.Total.Should().Be(new PointAmount(75));       // the expiry job has not run: the expired 10 are still on the ledger
        month.Available.Should().Be(new PointAmount(65));   // 20 + 40 + 5
        month.ExpiringSoon.Should().Be(new PointAmount(65));
        month.ExpiringBy.Should().Be(Local(2026, 7, 1, 12));
        nineteenDays.ExpiringSoon.Should().Be(new PointAmount(20));
        eighteenDays.ExpiringSoon.Should().Be(PointAmount.Zero);
        none.ExpiringSoon.Should().Be(PointAmount.Zero);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3661)]
    public async Task Balance_ExpiringWindowOutOfRange_Throws(int days)
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 1, 12));
        using var _c = crm;

        var act = () => points.GetBalanceAsync(C1, expiringWithinDays: days);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("expiringWithinDays");
    }
}
