using Crm.Membership;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Docs.Tests;

/// <summary>The worked membership examples of docs/rules-reference.md and docs/membership.md, with the numbers the text gives.</summary>
public sealed class MembershipExamplesTests
{
    private static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    [Fact]
    public async Task CoffeeLevels_ThirtiethPurchaseUpgradesToGold()
    {
        var policy = RulesReference.Load<TierPolicy>("coffee-levels");
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 1, 1, 0, 0), b => b.AddMembership(o => o.Policy = policy));
        var membership = crm.Get<MembershipManager>();
        var customer = new CustomerId("doc-member");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = crm.Clock.GetCurrentInstant() });

        for (var i = 1; i <= 30; i++)
        {
            crm.Clock.AdvanceDays(3);
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"cup-{i}", "doc-member", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
            var tier = await membership.GetTierAsync(customer);
            tier.Name.Should().Be(i < 30 ? "green" : "gold", "after purchase {0}", i);
        }

        (await membership.GetTierAsync(customer)).PointsMultiplier.Should().Be(1.5m);
    }

    /// <summary>
    /// The worked example of docs/membership.md, on the coffee-levels policy: a latte (18.00) every 3 days from
    /// 1 January 2026 makes gold on the 30th purchase (1 April), one a month after that is 12 in the window at the
    /// anniversary review (grace), and 11 at the end of the grace (drop to green). Every number and sentence the page
    /// quotes is computed here and must appear on the page.
    /// </summary>
    [Fact]
    public async Task MembershipPage_CoffeeYear_UpgradeGraceAndDrop()
    {
        var page = File.ReadAllText(TestData.RepositoryFile("docs", "membership.md"));
        var policy = RulesReference.Load<TierPolicy>("coffee-levels");
        var events = new List<CrmEvent>();
        using var crm = TestCrm.Create(Local(2026, 1, 1), b =>
        {
            b.AddMembership(o => o.Policy = policy);
            b.Services.AddSingleton<ICrmEventSink>(new ListSink(events));
        });
        var membership = crm.Get<MembershipManager>();
        var customer = new CustomerId("ann");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = crm.Clock.GetCurrentInstant() });

        // A customer with no purchase has no record and holds the entry tier.
        (await membership.GetStateAsync(customer)).Should().BeNull();
        (await membership.GetTierAsync(customer)).Name.Should().Be("green");

        // 29 lattes, every 3 days from 4 January: the 29th on 29 March.
        RecordPurchaseResult result = null!;
        for (var i = 1; i <= 29; i++)
        {
            crm.Clock.AdvanceDays(3);
            result = await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"cup-{i}", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
        }

        crm.Clock.GetCurrentInstant().Should().Be(Local(2026, 3, 29));
        result.Membership()!.TierAfter.Should().Be("green");
        var progress = (await membership.GetProgressAsync(customer))!;
        progress.NextTier.Should().Be("gold");
        progress.Deadline.Should().BeNull();
        progress.Thresholds.Should().ContainSingle().Which.Should().Be(new ThresholdProgress { Metric = TierMetric.PurchaseCount, Current = 29m, Required = 30m, Missing = 1m });
        progress.Message.Should().Be("make 1 more purchase to reach gold");

        // The 30th, on 1 April, upgrades there and then.
        crm.Clock.AdvanceDays(3);
        crm.Clock.GetCurrentInstant().Should().Be(Local(2026, 4, 1));
        result = await crm.Manager.RecordPurchaseAsync(Facts.Purchase("cup-30", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
        var outcome = result.Membership()!;
        outcome.TierBefore.Should().Be("green");
        outcome.TierAfter.Should().Be("gold");
        outcome.Totals.Should().Be(new TierWindowTotals(540m, 30, 0));
        outcome.Change!.Reason.Should().Be(TierChangeReason.Upgrade);
        outcome.Change.Key.Should().Be("upgrade:cup-30");
        outcome.Change.Explanation.Should().Be("540.00 CNY net spend, 30 purchases in 2025-05..2026-04 reach 'gold' (30 purchases)");
        var gold = await membership.GetTierAsync(customer);
        (gold.Name, gold.Rank, gold.PointsMultiplier).Should().Be(("gold", 1, 1.5m));
        var state = (await membership.GetStateAsync(customer))!;
        state.ReachedAt.Should().Be(Local(2026, 4, 1));
        state.ReviewAt.Should().Be(Local(2027, 4, 1));

        // No coupon issuer is installed, so the welcome gift is raised for the host to fulfil.
        events.OfType<TierChangedEvent>().Should().ContainSingle().Which.EventId.Should().Be("upgrade:cup-30");
        var welcome = events.OfType<TierBenefitDueEvent>().Should().ContainSingle().Subject;
        (welcome.CouponTemplateId, welcome.Reason).Should().Be(("gold-welcome", CouponIssueReason.TierBenefit));

        // Replaying the 30th reports the same upgrade and writes nothing.
        var replay = await crm.Manager.RecordPurchaseAsync(Facts.Purchase("cup-30", "ann", Local(2026, 4, 1), Facts.Line("1", 18m)));
        replay.Membership()!.Change!.Key.Should().Be("upgrade:cup-30");
        (await membership.GetHistoryAsync(customer)).Should().ContainSingle();

        // Next up: black needs 100 purchases and 3,000.00.
        (await membership.GetProgressAsync(customer))!.Message.Should().Be("make 70 more purchases and spend 2460.00 CNY more to reach black");

        // One latte a month, on the 15th, May 2026 to March 2027: 11 more.
        for (var m = 0; m < 11; m++)
        {
            var day = new LocalDate(2026, 5, 15).PlusMonths(m);
            crm.Clock.Reset(day.AtStartOfDayInZone(Shanghai).ToInstant() + Duration.FromHours(9));
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"month-{m}", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
        }

        // The anniversary review, 1 April 2027, judges 2026-04..2027-03: 12 purchases, below 30: grace for 30 days.
        crm.Clock.Reset(Local(2027, 4, 1));
        var review = await membership.RunReviewsAsync();
        review.MembersVisited.Should().Be(1);
        var grace = review.Changes.Should().ContainSingle().Subject;
        (grace.From, grace.To, grace.Reason).Should().Be(("gold", "gold", TierChangeReason.GraceStarted));
        grace.Explanation.Should().Be("216.00 CNY net spend, 12 purchases in 2026-04..2027-03: below every tier threshold, entry tier 'green'; grace until 2027-05-01");
        (await membership.GetStateAsync(customer))!.GraceUntil.Should().Be(Local(2027, 5, 1));
        (await membership.GetTierAsync(customer)).Name.Should().Be("gold");
        (await membership.RunReviewsAsync()).Changes.Should().BeEmpty("the same instant again changes nothing");

        // The end of the grace, 1 May 2027, judges 2026-05..2027-04: 11 purchases; toQualifying drops to green.
        crm.Clock.Reset(Local(2027, 5, 1));
        var drop = (await membership.RunReviewsAsync()).Changes.Should().ContainSingle().Subject;
        (drop.From, drop.To, drop.Reason, drop.OccurredAt).Should().Be(("gold", "green", TierChangeReason.ReviewDowngrade, Local(2027, 5, 1)));
        drop.Explanation.Should().Be("198.00 CNY net spend, 11 purchases in 2026-05..2027-04: below every tier threshold, entry tier 'green'");
        (await membership.GetTierAsync(customer)).Name.Should().Be("green");
        (await membership.GetStateAsync(customer))!.ReviewAt.Should().BeNull();
        (await membership.GetHistoryAsync(customer)).Select(c => c.Reason).Should().Equal(TierChangeReason.Upgrade, TierChangeReason.GraceStarted, TierChangeReason.ReviewDowngrade);

        page.Should().Contain(progress.Message)
            .And.Contain(outcome.Change.Explanation)
            .And.Contain("make 70 more purchases and spend 2460.00 CNY more to reach black")
            .And.Contain(grace.Explanation)
            .And.Contain(drop.Explanation);
    }

    /// <summary>The page's variant: 19 lattes during the grace (April 2027) make 11 + 19 = 30 in 2026-05..2027-04, so gold is kept until 1 April 2028.</summary>
    [Fact]
    public async Task MembershipPage_CoffeeYear_RequalifyingInGraceKeepsGold()
    {
        var policy = RulesReference.Load<TierPolicy>("coffee-levels");
        using var crm = TestCrm.Create(Local(2026, 1, 1), b => b.AddMembership(o => o.Policy = policy));
        var membership = crm.Get<MembershipManager>();
        var customer = new CustomerId("ann");
        for (var i = 1; i <= 30; i++)
        {
            crm.Clock.AdvanceDays(3);
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"cup-{i}", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
        }

        for (var m = 0; m < 11; m++)
        {
            crm.Clock.Reset(new LocalDate(2026, 5, 15).PlusMonths(m).AtStartOfDayInZone(Shanghai).ToInstant() + Duration.FromHours(9));
            await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"month-{m}", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
        }

        crm.Clock.Reset(Local(2027, 4, 1));
        (await membership.RunReviewsAsync()).Changes.Should().ContainSingle().Which.Reason.Should().Be(TierChangeReason.GraceStarted);
        for (var d = 1; d <= 19; d++)
        {
            crm.Clock.Reset(Local(2027, 4, d) + Duration.FromHours(9));
            var during = await crm.Manager.RecordPurchaseAsync(Facts.Purchase($"april-{d}", "ann", crm.Clock.GetCurrentInstant(), Facts.Line("1", 18m)));
            during.Membership()!.Change.Should().BeNull("requalifying for the tier held changes nothing at once");
        }

        crm.Clock.Reset(Local(2027, 5, 1));
        var kept = (await membership.RunReviewsAsync()).Changes.Should().ContainSingle().Subject;
        (kept.From, kept.To, kept.Reason).Should().Be(("gold", "gold", TierChangeReason.ReviewKept));
        var state = (await membership.GetStateAsync(customer))!;
        (state.Tier, state.GraceUntil, state.ReviewAt).Should().Be(("gold", (Instant?)null, (Instant?)Local(2028, 4, 1)));
        (await membership.RunReviewsAsync()).Changes.Should().BeEmpty();
    }

    private static Instant Local(int year, int month, int day) => new LocalDate(year, month, day).AtStartOfDayInZone(Shanghai).ToInstant();

    private sealed class ListSink(List<CrmEvent> events) : ICrmEventSink
    {
        public ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default)
        {
            lock (events)
            {
                events.Add(crmEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
