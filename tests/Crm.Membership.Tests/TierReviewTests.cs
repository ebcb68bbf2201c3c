using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Membership.Tests;

public sealed class TierReviewTests : MembershipTestBase
{
    private static readonly CustomerId C1 = new("c-1");

    [Theory]
    [InlineData(DowngradeMode.OneLevel, "gold")]
    [InlineData(DowngradeMode.ToQualifying, "green")]
    public async Task Review_MemberBelowTier_DropsOneLevelOrToQualifying(DowngradeMode mode, string expected)
    {
        var (crm, membership, _) = Create(ThreeTiers(mode: mode), Local(2027, 1, 1, 8));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2025, 6, 1, 9), Line("1", 3500m)));
        (await membership.GetStateAsync(C1))!.ReviewAt.Should().Be(Local(2026, 1, 1));

        // 1 January 2026 judges 2025 (3,500.00: black kept); 1 January 2027 judges 2026 (150.00: green qualifies).
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", Local(2026, 6, 1, 9), Line("1", 150m)));
        var run = await membership.RunReviewsAsync();

        (await membership.GetTierAsync(C1)).Name.Should().Be(expected);
        run.Changes.Select(c => c.Reason).Should().Equal(TierChangeReason.ReviewKept, TierChangeReason.ReviewDowngrade);
        run.Changes[^1].Explanation.Should().Be("150.00 CNY net spend, 1 purchases in 2026: below every tier threshold, entry tier 'green'");
        (await membership.GetStateAsync(C1))!.ReviewAt.Should().Be(expected == "green" ? null : Local(2028, 1, 1));
    }

    [Fact]
    public async Task Review_RunTwice_ChangesNothingTheSecondTime()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2027, 1, 1, 8));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2025, 6, 1, 9), Line("1", 1500m)));

        var first = await membership.RunReviewsAsync();
        var second = await membership.RunReviewsAsync();

        first.Changes.Select(c => c.Reason).Should().Equal(TierChangeReason.ReviewKept, TierChangeReason.ReviewDowngrade);
        second.Changes.Should().BeEmpty();
        second.MembersVisited.Should().Be(1);
    }

    [Fact]
    public async Task GracePeriod_RequalifyingInTime_KeepsTier_OtherwiseDropsAtGraceEnd()
    {
        var (crm, membership, _) = Create(ThreeTiers(new RollingMonthsWindow { Months = 12 }, graceDays: 30), Local(2027, 1, 1, 8));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("a-1", "keeper", Local(2025, 6, 1, 9), Line("1", 1200m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("b-1", "dropper", Local(2025, 6, 1, 9), Line("1", 1200m)));

        // 1 January 2026: the window 2025-01..2025-12 has 1,200.00: both kept. 1 January 2027: 2026-01..2026-12 is empty: grace to 31 January.
        var review = await membership.RunReviewsAsync();
        review.Changes.Count(c => c.Reason == TierChangeReason.GraceStarted).Should().Be(2);
        (await membership.GetTierAsync(new CustomerId("keeper"))).Name.Should().Be("gold");

        // The keeper spends 1,000.00 in January 2027, inside the grace period; the window at grace end is 2026-02..2027-01.
        crm.Clock.Reset(Local(2027, 1, 20, 10));
        await crm.Manager.RecordPurchaseAsync(Purchase("a-2", "keeper", Local(2027, 1, 20, 9), Line("1", 1000m)));
        crm.Clock.Reset(Local(2027, 1, 31, 1));
        var graceEnd = await membership.RunReviewsAsync();

        graceEnd.Changes.Select(c => (c.CustomerId.Value, c.Reason)).Should().BeEquivalentTo([("keeper", TierChangeReason.ReviewKept), ("dropper", TierChangeReason.ReviewDowngrade)]);
        (await membership.GetTierAsync(new CustomerId("keeper"))).Name.Should().Be("gold");
        (await membership.GetTierAsync(new CustomerId("dropper"))).Name.Should().Be("green");
        (await membership.GetStateAsync(new CustomerId("keeper")))!.ReviewAt.Should().Be(Local(2028, 1, 1));
    }

    [Fact]
    public async Task AnniversaryReview_FallsOnTheLocalDateValidityMonthsAfterReaching()
    {
        var policy = ThreeTiers() is var p ? new TierPolicy { Tiers = p.Tiers, Window = new SinceTierReachedWindow(), Review = new TierReview { Schedule = ReviewSchedule.TierAnniversary, ValidityMonths = 12 } } : null!;
        var (crm, membership, _) = Create(policy, Local(2026, 12, 1));
        using var _ = crm;

        // 2026-02-28 23:30 in Shanghai (15:30 UTC): the anniversary is 2027-02-28 00:00 local.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 2, 28, 23, 30), Line("1", 1000m)));

        (await membership.GetStateAsync(C1))!.ReviewAt.Should().Be(Local(2027, 2, 28));
    }

    [Fact]
    public async Task Override_WinsUntilItExpires_ThenTheReviewRecordsItsEnd()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 1200m)));

        await membership.SetOverrideAsync(C1, "black", "compensation for a lost order", "op-7", Local(2026, 7, 8));
        (await membership.GetTierAsync(C1)).Name.Should().Be("black");

        crm.Clock.Reset(Local(2026, 7, 8));
        (await membership.GetTierAsync(C1)).Name.Should().Be("gold");
        var run = await membership.RunReviewsAsync();

        run.Changes.Should().ContainSingle().Which.Should().Match<TierChange>(c => c.Reason == TierChangeReason.OverrideEnded && c.From == "black" && c.To == "gold");
        (await membership.GetStateAsync(C1))!.Override.Should().BeNull();
        (await membership.GetHistoryAsync(C1)).Select(c => c.Reason).Should().Equal(TierChangeReason.Upgrade, TierChangeReason.OverrideSet, TierChangeReason.OverrideEnded);
    }

    [Fact]
    public async Task TierChangesCounter_CountsOverridesAndReviews_NotOnlyPurchases()
    {
        var counted = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MembershipTelemetry.Name && instrument.Name == "crm.membership.tier_changes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                counted.Add((string)tag.Value!);
            }
        });
        listener.Start();
        var (crm, membership, _) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 1200m)));

        await membership.SetOverrideAsync(C1, "black", "compensation for a lost order", "op-7", Local(2026, 7, 8));
        await membership.ClearOverrideAsync(C1, "op-7");

        // Other tests run in parallel on the same static meter: at least these reasons, not exactly these counts.
        counted.Should().Contain([nameof(TierChangeReason.Upgrade), nameof(TierChangeReason.OverrideSet), nameof(TierChangeReason.OverrideEnded)]);
    }

    [Fact]
    public async Task Override_BadInput_IsRejected()
    {
        var (crm, membership, _) = Create(ThreeTiers(), Local(2026, 7, 1));
        using var _ = crm;

        (await FluentActions.Awaiting(() => membership.SetOverrideAsync(C1, "platinum", "r", "op", Local(2026, 8, 1))).Should().ThrowAsync<CrmValidationException>())
            .Which.ErrorCode.Should().Be(MembershipErrorCodes.UnknownTier);
        (await FluentActions.Awaiting(() => membership.SetOverrideAsync(C1, "gold", "r", "op", Local(2026, 6, 1))).Should().ThrowAsync<CrmValidationException>())
            .Which.ErrorCode.Should().Be(MembershipErrorCodes.OverrideInvalid);
    }

    [Fact]
    public async Task Benefits_GrantedOncePerPeriod_EvenWhenTheJobRunsTwice()
    {
        var (crm, membership, issuer) = Create(ThreeTiers(), Local(2026, 5, 10));
        using var _ = crm;
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Local(2026, 1, 1), Birthday = new LocalDate(1992, 5, 17) });
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 1200m)));

        var first = await membership.GrantBenefitsAsync();
        var second = await membership.GrantBenefitsAsync();
        var june = await membership.GrantBenefitsAsync(Local(2026, 6, 2));

        first.GrantsIssued.Should().Be(3, "two monthly cups and the May birthday gift");
        second.GrantsIssued.Should().Be(0);
        june.GrantsIssued.Should().Be(2, "June's two cups; the birthday gift is yearly and May only");
        issuer.Issued.Select(i => i.IdempotencyKey).Should().BeEquivalentTo(
            "membership:c-1:welcome:gold:" + Local(2026, 3, 1, 9).ToUnixTimeTicks(),
            "membership:c-1:periodic:gold:gold-monthly-cup:2026-05:1",
            "membership:c-1:periodic:gold:gold-monthly-cup:2026-05:2",
            "membership:c-1:birthday:2026",
            "membership:c-1:periodic:gold:gold-monthly-cup:2026-06:1",
            "membership:c-1:periodic:gold:gold-monthly-cup:2026-06:2");
    }

    [Fact]
    public async Task Benefits_WithoutCouponIssuer_AreRaisedForTheHost()
    {
        var events = new List<CrmEvent>();
        using var crm = Crm.TestUtils.TestCrm.Create(
            Local(2026, 5, 10),
            b =>
            {
                b.AddMembership(o => o.Policy = ThreeTiers());
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<ICrmEventSink>(b.Services, new ListSink(events));
            });
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 1200m)));

        events.OfType<TierChangedEvent>().Should().ContainSingle().Which.Change.To.Should().Be("gold");
        events.OfType<TierBenefitDueEvent>().Should().ContainSingle().Which.CouponTemplateId.Should().Be("gold-welcome");
    }

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
