using NodaTime;
using NodaTime.Text;
using static Crm.TestUtils.Facts;

namespace Crm.Points.Tests.Rules;

public sealed class EarnScenarioTests : PointsTestBase
{
    [Fact]
    public async Task Earn_BaseRate_RoundsDownAndSkipsExcludedCategory()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 3));
        using var _ = crm;

        // coffee 2 x 18.00 = 36.00, bakery 12.50, gift card 100.00 (excluded): 48.50 earns floor(48.50 x 1) = 48.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 18m, 2), Line("2", 12.5m, category: "bakery"), Line("3", 100m, category: "gift-card")));

        var award = result.GetOutcome<PointsAward>()!;
        award.Points.Should().Be(new PointAmount(48));
        award.Explanation.Should().Equal(new EarnContribution("base 1 per unit", new PointAmount(48)));
        (await points.GetBalanceAsync(C1)).Available.Should().Be(new PointAmount(48));
    }

    [Fact]
    public async Task Earn_WithOrderCoupon_EarnsOnNetPaid()
    {
        var (crm, _) = Create(BaseRules, Local(2026, 6, 3));
        using var _c = crm;

        // Lines 30.00 + 20.00 = 50.00, paid 45.00 after a 5.00 coupon: 45 points, not 50.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), 45m, Line("1", 30m), Line("2", 20m, category: "bakery")));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(45));
    }

    [Fact]
    public async Task Earn_ExcludedSku_EarnsNothingForIt()
    {
        var rules = new EarnRules { ExcludedSkus = ["deposit-cup"] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // 12.00 latte + 1.00 cup deposit (excluded): 12 points.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 12m), Line("2", 1m, sku: "deposit-cup")));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(12));
    }

    [Fact]
    public async Task Earn_SkuMultiplier_MatchesItsSkuExactly()
    {
        var rules = new EarnRules { Multipliers = [new SkuMultiplier { Sku = "latte-oat", Factor = 2m }] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // Oat latte 2 x 18.25 = 36.50, americano 15.00, "Latte-Oat" 10.00 (another SKU: case counts).
        // Base floor(61.50) = 61; the oat lattes doubled add 36.50 -> floor(98.00) = 98, so the SKU rule adds 37.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase(
            "p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 18.25m, 2, sku: "latte-oat"), Line("2", 15m, sku: "americano"), Line("3", 10m, sku: "Latte-Oat")));

        result.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(61)),
            new EarnContribution("sku latte-oat x2", new PointAmount(37)));
    }

    [Fact]
    public async Task Earn_LineDiscountAndOrderCoupon_MultiplierUsesTheLineNetShare()
    {
        var rules = new EarnRules { Multipliers = [new CategoryMultiplier { Category = "coffee", Factor = 2m }] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // Coffee 30.00 - 5.00 line discount = 25.00; bakery 20.00; paid 40.00, so a 5.00 coupon on the order.
        // The coupon splits 25:20 in cents: 277.78 and 222.22 -> 278 and 222 (the leftover cent to the larger remainder).
        // Coffee nets 25.00 - 2.78 = 22.22, bakery 17.78. Base floor(40.00) = 40; coffee doubled adds 22.22 -> floor(62.22) = 62.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase(
            "p-1", "c-1", Local(2026, 6, 1, 10), 40m, Line("1", 30m, discount: 5m), Line("2", 20m, category: "bakery")));

        result.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(40)),
            new EarnContribution("category coffee x2", new PointAmount(22)));
    }

    [Fact]
    public async Task Earn_OnMemberDay_AppliesDoubleRule()
    {
        var rules = new EarnRules { Multipliers = [new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m }] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // Tuesday 2 June 2026: base floor(45.50) = 45; doubled 91.00 -> member day adds 91 - 45 = 46.
        var tuesday = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 10), Line("1", 45.5m)));
        var monday = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 10), Line("1", 45.5m)));

        tuesday.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(45)),
            new EarnContribution("member day Tuesday x2", new PointAmount(46)));
        tuesday.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(91));
        monday.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(45));
    }

    [Fact]
    public async Task Earn_MemberDay_UsesProgrammeTimeZone()
    {
        var rules = new EarnRules { Multipliers = [new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m }] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // 00:30 on Tuesday in Shanghai is 16:30 on Monday in UTC: still member day. 10.00 -> 20 points.
        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 0, 30), Line("1", 10m)));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(20));
    }

    [Fact]
    public async Task Earn_DayOfMonthMemberDay_Applies()
    {
        var rules = new EarnRules { Multipliers = [new MemberDayMultiplier { DayOfMonth = 18, Factor = 3m }] };
        var (crm, _) = Create(rules, Local(2026, 6, 20));
        using var _c = crm;

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 18, 9), Line("1", 10m)));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(30));
    }

    [Theory]
    [InlineData(MultiplierCombination.Multiply, 130)]
    [InlineData(MultiplierCombination.Add, 115)]
    public async Task Earn_TwoMultipliers_CombineAsConfigured(MultiplierCombination combination, long expected)
    {
        // Tuesday, coffee 30.00 and bakery 20.00; member day x2 and coffee x1.5.
        // Multiply: base 50; member day +50 (100); coffee adds 60 x 0.5 = 30 -> 130.
        // Add:      base 50; member day +50 (100); coffee adds 30 x 0.5 = 15 -> 115.
        var rules = new EarnRules
        {
            Combination = combination,
            Multipliers =
            [
                new MemberDayMultiplier { DayOfWeek = IsoDayOfWeek.Tuesday, Factor = 2m },
                new CategoryMultiplier { Category = "coffee", Factor = 1.5m },
            ],
        };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 2, 10), Line("1", 30m), Line("2", 20m, category: "bakery")));

        var award = result.GetOutcome<PointsAward>()!;
        award.Points.Should().Be(new PointAmount(expected));
        award.Explanation.Sum(c => c.Points.Value).Should().Be(expected);
    }

    [Fact]
    public async Task Earn_Promotion_AppliesOnlyInsideItsWindow()
    {
        var rules = new EarnRules { Multipliers = [new PromotionMultiplier { From = Local(2026, 6, 1), To = Local(2026, 6, 2), Factor = 5m, Name = "618 warm-up" }] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        var inside = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 23, 59), Line("1", 10m)));
        var after = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 2), Line("1", 10m)));

        inside.GetOutcome<PointsAward>()!.Explanation.Should().Contain(new EarnContribution("618 warm-up", new PointAmount(40)));
        after.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Earn_TierMultipliers_ReadTheTierProvider()
    {
        // Gold with a 1.5 benefit: 10.00 -> base 10; tier gold x2 -> 20 (+10); tier benefit x1.5 -> 30 (+10).
        var rules = new EarnRules { Multipliers = [new TierMultiplier { Tier = "gold", Factor = 2m }, new TierBenefitMultiplier()] };
        var (crm, _) = Create(rules, Local(2026, 6, 3), builder: b => UseTier(b, new CustomerTier("gold", 1, 1.5m)));
        using var _c = crm;

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 10m)));

        result.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(10)),
            new EarnContribution("tier gold x2", new PointAmount(10)),
            new EarnContribution("tier benefit", new PointAmount(10)));
    }

    [Fact]
    public async Task Earn_WithoutMembership_TierRulesDoNothing()
    {
        var rules = new EarnRules { Multipliers = [new TierMultiplier { Tier = "gold", Factor = 2m }, new TierBenefitMultiplier()] };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 10m)));

        result.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Earn_FirstPurchase_GetsBonusOnce()
    {
        var (crm, _) = Create(new EarnRules { FirstPurchaseBonus = 100 }, Local(2026, 6, 3));
        using var _c = crm;

        var first = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 10m)));
        var second = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 11), Line("1", 10m)));

        first.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(110));
        second.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
    }

    [Fact]
    public async Task Earn_BirthdayOn29February_InCommonAndLeapYears()
    {
        var rules = new EarnRules { Birthday = new BirthdayBonus { Points = 200 } };
        var (crm, points) = Create(rules, Local(2028, 3, 2));
        using var _c = crm;
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Local(2026, 1, 1), Birthday = new LocalDate(2000, 2, 29) });

        // 2027 is a common year: the birthday falls on 28 February. 10.00 + 200 bonus = 210, once that year.
        var common = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2027, 2, 28, 10), Line("1", 10m)));
        var commonAgain = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2027, 2, 28, 12), Line("1", 10m)));
        var dayAfter = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2027, 3, 1, 10), Line("1", 10m)));

        // 2028 is a leap year: 28 February is not the birthday, 29 February is.
        var leapEve = await crm.Manager.RecordPurchaseAsync(Purchase("p-4", "c-1", Local(2028, 2, 28, 10), Line("1", 10m)));
        var leap = await crm.Manager.RecordPurchaseAsync(Purchase("p-5", "c-1", Local(2028, 2, 29, 10), Line("1", 10m)));

        common.GetOutcome<PointsAward>()!.Explanation.Should().Contain(new EarnContribution("birthday bonus 2027", new PointAmount(200)));
        common.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(210));
        commonAgain.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        dayAfter.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        leapEve.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        leap.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(210));

        // 210 + 10 + 10 + 10 + 210 = 450.
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(450));
    }

    [Theory]
    //           born          date          window                  birthday year found
    [InlineData("1990-06-10", "2026-06-10", BirthdayWindow.Day, 2026)]
    [InlineData("1990-06-10", "2026-06-11", BirthdayWindow.Day, null)]
    [InlineData("1990-06-10", "2026-06-08", BirthdayWindow.Week, 2026)]  // 10 June 2026 is a Wednesday: ISO week 8-14 June
    [InlineData("1990-06-10", "2026-06-14", BirthdayWindow.Week, 2026)]
    [InlineData("1990-06-10", "2026-06-07", BirthdayWindow.Week, null)]
    [InlineData("1990-06-10", "2026-06-15", BirthdayWindow.Week, null)]
    [InlineData("1990-06-10", "2026-06-01", BirthdayWindow.Month, 2026)]
    [InlineData("1990-06-10", "2026-06-30", BirthdayWindow.Month, 2026)]
    [InlineData("1990-06-10", "2026-05-31", BirthdayWindow.Month, null)]
    [InlineData("1990-06-10", "2026-07-01", BirthdayWindow.Month, null)]
    [InlineData("1990-12-30", "2027-01-02", BirthdayWindow.Week, 2026)]  // week of Wednesday 30 December 2026: 28 December-3 January
    [InlineData("1990-12-30", "2027-01-04", BirthdayWindow.Week, null)]
    [InlineData("1990-01-02", "2026-12-28", BirthdayWindow.Week, 2027)]  // Saturday 2 January 2027 is in that same week
    [InlineData("2000-02-29", "2027-02-28", BirthdayWindow.Day, 2027)]   // common year: 28 February
    [InlineData("2000-02-29", "2028-02-28", BirthdayWindow.Day, null)]   // leap year: 29 February
    [InlineData("2000-02-29", "2027-03-01", BirthdayWindow.Week, null)]  // Sunday 28 February 2027 ends its week
    [InlineData("2000-02-29", "2027-02-22", BirthdayWindow.Week, 2027)]
    [InlineData("2000-02-29", "2027-02-01", BirthdayWindow.Month, 2027)]
    public void BirthdayOccurrence_FindsTheBirthdayYearWhoseWindowHoldsTheDate(string born, string date, BirthdayWindow window, int? expected)
    {
        EarnRules.BirthdayOccurrence(LocalDatePattern.Iso.Parse(born).Value, LocalDatePattern.Iso.Parse(date).Value, window)
            .Should().Be(expected);
    }

    [Fact]
    public async Task Earn_BirthdayWeekWindow_AcrossNewYear_OncePerBirthday()
    {
        // Born 30 December. The 2026 birthday week is Monday 28 December 2026 to Sunday 3 January 2027; the 2027 one
        // is 27 December 2027 to 2 January 2028.
        var rules = new EarnRules { Birthday = new BirthdayBonus { Points = 200, Window = BirthdayWindow.Week } };
        var (crm, _) = Create(rules, Local(2028, 1, 10));
        using var _c = crm;
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Local(2026, 1, 1), Birthday = new LocalDate(1990, 12, 30) });

        var before = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 12, 27, 10), Line("1", 10m)));
        var inWeek = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2027, 1, 2, 10), Line("1", 10m)));
        var sameWeek = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2027, 1, 3, 10), Line("1", 10m)));
        var nextYear = await crm.Manager.RecordPurchaseAsync(Purchase("p-4", "c-1", Local(2027, 12, 28, 10), Line("1", 10m)));

        before.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        inWeek.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(10)),
            new EarnContribution("birthday bonus 2026", new PointAmount(200)));
        sameWeek.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        nextYear.GetOutcome<PointsAward>()!.Explanation.Should().Contain(new EarnContribution("birthday bonus 2027", new PointAmount(200)));
    }

    [Fact]
    public async Task Earn_BirthdayMonthWindow_FirstPurchaseOfTheMonthGetsIt()
    {
        var rules = new EarnRules { Birthday = new BirthdayBonus { Points = 200, Window = BirthdayWindow.Month } };
        var (crm, points) = Create(rules, Local(2026, 7, 2));
        using var _c = crm;
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Local(2026, 1, 1), Birthday = new LocalDate(1990, 6, 10) });

        var may = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 5, 31, 23, 30), Line("1", 10m)));
        var june1 = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 0, 30), Line("1", 10m)));
        var june30 = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 6, 30, 10), Line("1", 10m)));

        may.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        june1.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(210));
        june30.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(10));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(230));
    }

    [Fact]
    public async Task Earn_Caps_PerPurchaseThenPerDay()
    {
        var rules = new EarnRules { MaxPointsPerPurchase = 100, MaxPointsPerDay = 150 };
        var (crm, _) = Create(rules, Local(2026, 6, 3));
        using var _c = crm;

        // 250.00 -> 250, capped to 100 (-150). Then 80.00 the same day: 150 - 100 = 50 left (-30). Next day: 80.
        var a = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 6, 1, 9), Line("1", 250m)));
        var b = await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 18), Line("1", 80m)));
        var c = await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", Local(2026, 6, 2, 9), Line("1", 80m)));

        a.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(250)),
            new EarnContribution("cap per purchase 100", new PointAmount(-150)));
        b.GetOutcome<PointsAward>()!.Explanation.Should().Equal(
            new EarnContribution("base 1 per unit", new PointAmount(80)),
            new EarnContribution("cap per day 150", new PointAmount(-30)));
        b.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(50));
        c.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(80));
    }

    [Fact]
    public async Task Earn_Replay_AwardsOnce()
    {
        var (crm, points) = Create(BaseRules, Local(2026, 6, 3));
        using var _c = crm;
        var purchase = Purchase("p-1", "c-1", Local(2026, 6, 1, 10), Line("1", 45.5m));

        await crm.Manager.RecordPurchaseAsync(purchase);
        var replay = await crm.Manager.RecordPurchaseAsync(purchase);

        replay.GetOutcome<PointsAward>()!.IsReplay.Should().BeTrue();
        replay.GetOutcome<PointsAward>()!.Points.Should().Be(new PointAmount(45));
        (await points.GetBalanceAsync(C1)).Total.Should().Be(new PointAmount(45));
        (await points.GetStatementAsync(C1)).Entries.Should().ContainSingle();
    }
}
