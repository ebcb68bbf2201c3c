using Crm.Coupons;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Membership.Tests;

/// <summary>
/// A benefit naming a coupon template: refused at start-up when Crm.Coupons has no such template; and a benefit the issuer
/// refuses at run time (template removed, budget reached) reported in the outcome, logged and counted, never dropped.
/// </summary>
public sealed class BenefitFailureTests : MembershipTestBase
{
    /// <summary>green / silver (birthday, monthly and quarterly gifts) / gold (welcome gift): the tiers name five templates.</summary>
    private static TierPolicy Ladder() => new()
    {
        Window = new CalendarYearWindow(),
        Tiers =
        [
            new TierDefinition { Name = "green" },
            new TierDefinition
            {
                Name = "silver",
                Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 100m }],
                Benefits = new TierBenefits
                {
                    BirthdayCouponTemplateId = "silver-birthday",
                    Periodic = [new PeriodicGrant { CouponTemplateId = "silver-monthly" }, new PeriodicGrant { CouponTemplateId = "silver-quarterly", Period = GrantPeriod.Quarterly }],
                },
            },
            new TierDefinition
            {
                Name = "gold",
                Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 1000m }],
                Benefits = new TierBenefits { WelcomeCouponTemplateId = "welcome-gold" },
            },
        ],
    };

    private static CouponTemplate Template(string id, CouponBudget? budget = null) => new()
    {
        Id = id,
        Benefit = new AmountOffBenefit { Amount = Cny(5m) },
        Validity = new CouponValidity { Days = 30 },
        Budget = budget ?? new CouponBudget(),
    };

    [Fact]
    public void Start_BenefitsNameTemplatesCouponsDoesNotHave_FailsNamingEachSettingAndId()
    {
        Action<ICrmBuilder> configure = b => b
            .AddMembership(o => o.Policy = Ladder())
            .AddCoupons(o => o.Templates.Add(Template("silver-monthly")));

        var failures = CrmStartup.Failures(configure);

        failures.Should().BeEquivalentTo(
            "MembershipOptions.Policy at $.tiers[1].benefits.birthdayCouponTemplateId: 'silver-birthday' is not a coupon template (defined: Crm.Coupons' templates silver-monthly).",
            "MembershipOptions.Policy at $.tiers[1].benefits.periodic[1].couponTemplateId: 'silver-quarterly' is not a coupon template (defined: Crm.Coupons' templates silver-monthly).",
            "MembershipOptions.Policy at $.tiers[2].benefits.welcomeCouponTemplateId: 'welcome-gold' is not a coupon template (defined: Crm.Coupons' templates silver-monthly).");

        // Resolving the manager (as the front door does for its handlers) validates the same options.
        var resolve = () => TestCrm.Create(configure: configure).Dispose();
        resolve.Should().Throw<OptionsValidationException>().WithMessage("*'welcome-gold' is not a coupon template*");
    }

    [Fact]
    public void Start_EveryTemplateDefined_Starts()
    {
        var failures = CrmStartup.Failures(b => b
            .AddCoupons(o =>
            {
                foreach (var id in new[] { "silver-birthday", "silver-monthly", "silver-quarterly", "welcome-gold" })
                {
                    o.Templates.Add(Template(id));
                }
            })
            .AddMembership(o => o.Policy = Ladder()));

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Start_WithoutCouponsPackage_TemplatesAreTheHostsAndNotChecked()
    {
        // No issuer: benefits are raised as TierBenefitDueEvent for the host. A host issuer: its own templates.
        CrmStartup.Failures(b => b.AddMembership(o => o.Policy = Ladder())).Should().BeEmpty();
        CrmStartup.Failures(b =>
        {
            b.AddMembership(o => o.Policy = Ladder());
            b.Services.AddSingleton<ICouponIssuer>(new RecordingCouponIssuer());
        }).Should().BeEmpty();
    }

    [Fact]
    public void Start_HostIssuerReplacesCouponsIssuer_TemplatesAreTheHostsAndNotChecked()
    {
        var failures = CrmStartup.Failures(b =>
        {
            b.AddMembership(o => o.Policy = Ladder()).AddCoupons(o => o.Templates.Add(Template("silver-monthly")));
            b.Services.AddSingleton<ICouponIssuer>(new RecordingCouponIssuer());
        });

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Upgrade_WelcomeCouponRefused_ReportedInOutcomeLoggedAndCounted()
    {
        const string template = "welcome-refused-upgrade-test";
        var policy = new TierPolicy
        {
            Window = new CalendarYearWindow(),
            Tiers =
            [
                new TierDefinition { Name = "green" },
                new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 100m }], Benefits = new TierBenefits { WelcomeCouponTemplateId = template } },
            ],
        };
        var logger = new RecordingLogger<MembershipManager>();
        using var counter = new CounterRecorder(MembershipTelemetry.Name, "crm.membership.benefit_failures", "template", template);
        using var crm = TestCrm.Create(Local(2026, 5, 10), b =>
        {
            b.AddMembership(o => o.Policy = policy);
            b.Services.AddSingleton<ICouponIssuer>(new RefusingCouponIssuer("template withdrawn"));
            b.Services.AddSingleton<ILogger<MembershipManager>>(logger);
        });

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 5, 1), Line("1", 150m)));

        // The upgrade stands; the refused gift is in the outcome, the log and the counter.
        var outcome = result.GetOutcome<MembershipOutcome>()!;
        outcome.TierAfter.Should().Be("gold");
        var failure = outcome.FailedBenefits.Should().ContainSingle().Subject;
        failure.Should().BeEquivalentTo(new { CustomerId = new CustomerId("c-1"), Tier = "gold", CouponTemplateId = template, Reason = CouponIssueReason.TierBenefit, IssuerReason = "template withdrawn" });
        failure.GrantKey.Should().StartWith("welcome:gold:");
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message
            .Should().Contain(template).And.Contain("c-1").And.Contain("template withdrawn");
        counter.Total.Should().Be(1);
    }

    [Fact]
    public async Task GrantBenefits_BudgetReached_RefusedGrantsReportedLoggedCountedAndTriedAgain()
    {
        // Crm.Coupons issues at most one coupon of the monthly template: the second silver member's grant is refused.
        const string template = "silver-monthly";
        var logger = new RecordingLogger<MembershipManager>();
        using var counter = new CounterRecorder(MembershipTelemetry.Name, "crm.membership.benefit_failures", "template", template);
        var policy = new TierPolicy
        {
            Window = new CalendarYearWindow(),
            Tiers =
            [
                new TierDefinition { Name = "green" },
                new TierDefinition { Name = "silver", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 100m }], Benefits = new TierBenefits { Periodic = [new PeriodicGrant { CouponTemplateId = template }] } },
            ],
        };
        using var crm = TestCrm.Create(Local(2026, 5, 10), b =>
        {
            b.AddMembership(o => o.Policy = policy).AddCoupons(o => o.Templates.Add(Template(template, new CouponBudget { MaxIssued = 1 })));
            b.Services.AddSingleton<ILogger<MembershipManager>>(logger);
        });
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 5, 1), Line("1", 150m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-2", Local(2026, 5, 2), Line("1", 150m)));
        var membership = crm.Get<MembershipManager>();

        var first = await membership.GrantBenefitsAsync();
        var again = await membership.GrantBenefitsAsync();

        first.GrantsIssued.Should().Be(1);
        var refused = first.FailedGrants.Should().ContainSingle().Subject;
        refused.CouponTemplateId.Should().Be(template);
        refused.GrantKey.Should().Be("periodic:silver:silver-monthly:2026-05:1");
        refused.IssuerReason.Should().NotBeNullOrEmpty();

        // Not recorded as granted: the next run of the period tries again (and is refused again, and says so again).
        again.GrantsIssued.Should().Be(0);
        again.FailedGrants.Should().ContainSingle().Which.CustomerId.Should().Be(refused.CustomerId);
        logger.Entries.Count(e => e.Level == LogLevel.Warning).Should().Be(2);
        counter.Total.Should().Be(2);
    }
}
