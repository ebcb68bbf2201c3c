using Crm.Coupons;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Crm.TestUtils.Facts;

namespace Crm.Churn.Tests;

/// <summary>
/// A win-back coupon action naming a template: refused at start-up when Crm.Coupons has no such template; and a coupon the
/// issuer refuses at run time reported in the evaluation and the run result, logged and counted.
/// </summary>
public sealed class WinBackFailureTests : ChurnTestBase
{
    private static ChurnPolicy Policy(string couponTemplate, string? messageCoupon = null) => new()
    {
        FrequencyDrop = new FrequencyDropSignalSettings { Weight = 0 },
        WinBack = new WinBackPolicy
        {
            Actions =
            [
                new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = couponTemplate, Channels = ContactChannels.Sms },
                new WinBackAction { Level = ChurnLevel.Critical, Kind = WinBackActionKind.Message, MessageTemplateId = "miss-you", CouponTemplateId = messageCoupon, Channels = ContactChannels.Sms },
            ],
        },
    };

    private static CouponTemplate Template(string id) => new() { Id = id, Benefit = new AmountOffBenefit { Amount = Cny(10m) }, Validity = new CouponValidity { Days = 14 } };

    [Fact]
    public void Start_CouponActionNamesTemplateCouponsDoesNotHave_FailsNamingSettingAndId()
    {
        var failures = CrmStartup.Failures(b => b
            .AddChurn(o => o.Policy = Policy("wb-missing"))
            .AddCoupons(o => o.Templates.Add(Template("wb-10"))));

        failures.Should().Equal("ChurnOptions.Policy at $.winBack.actions[0].couponTemplateId: 'wb-missing' is not a coupon template (defined: Crm.Coupons' templates wb-10).");
    }

    [Fact]
    public void Start_TemplatesDefinedOrTheHosts_Starts()
    {
        // A message action's coupon template is for the host's message, not issued here: not checked.
        CrmStartup.Failures(b => b
            .AddChurn(o => o.Policy = Policy("wb-10", messageCoupon: "in-the-hosts-crm"))
            .AddCoupons(o => o.Templates.Add(Template("wb-10")))).Should().BeEmpty();

        // Without Crm.Coupons the host issues (or is told through the WinBackEvent): its templates, not checked.
        CrmStartup.Failures(b => b.AddChurn(o => o.Policy = Policy("wb-missing"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Evaluate_IssuerRefusesCoupon_ReportedLoggedCountedAndInTheRunResult()
    {
        const string template = "wb-refused-evaluate-test";
        var logger = new RecordingLogger<ChurnManager>();
        using var counter = new CounterRecorder("Crm.Churn", "crm.churn.winback.issue_failures", "template", template);
        using var crm = TestCrm.Create(Local(2026, 4, 10), b =>
        {
            b.AddChurn(o =>
            {
                o.Policy = Policy(template);
                o.RefitModelOnRun = false;
            });
            b.Services.AddSingleton<ICouponIssuer>(new RefusingCouponIssuer("budget exhausted"));
            b.Services.AddSingleton<ILogger<ChurnManager>>(logger);
        });
        var churn = crm.Get<ChurnManager>();
        await RegisterAsync(crm, "c1", ContactChannels.Sms);
        await BuyAsync(crm, "c1", Local(2026, 4, 1));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("c1"), ReportedAt = Local(2026, 4, 2) });

        var evaluation = await churn.EvaluateAsync(new CustomerId("c1"));
        var run = await churn.RunAsync();

        evaluation.WinBack.Should().Be(WinBackStatus.IssueFailed);
        evaluation.Action!.CouponTemplateId.Should().Be(template);
        evaluation.IssueFailureReason.Should().Be("budget exhausted");
        run.IssueFailed.Should().Be(1, "the action is tried again, refused again and counted in the run");
        run.ActionsTaken.Should().Be(0);
        // Event 1 is the refused coupon; the one-customer population's failed model fits are warned about too (event 2).
        logger.Entries.Where(e => e.Level == LogLevel.Warning && e.Id.Id == 1).Should().HaveCount(2)
            .And.OnlyContain(e => e.Message.Contains(template) && e.Message.Contains("c1") && e.Message.Contains("budget exhausted"));
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Id.Id == 2 && e.Message.Contains("BG/NBD"));
        counter.Total.Should().Be(2);
    }
}
