using System.Globalization;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Churn.Tests.Localisation;

/// <summary>Churn reasons in the culture of <see cref="CrmOptions.Culture"/>, or else the current UI culture.</summary>
public sealed class ChurnCultureTextsTests : ChurnTestBase
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task Assess_InChinese_ExplainsEverySignal()
    {
        // The scenarios of SignalTests, in zh-CN: cadence 21 days / median 7 = 3.0× (threshold 2×); a drop from 4 purchases to 1
        // in 30 days, 75% (threshold 50%); one open complaint from 04-02; and the note that no model is fitted yet.
        var (crm, churn) = Create(new ChurnPolicy(), Local(2026, 4, 20, 23), ZhCn);
        await BuyAsync(crm, "cadence", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 30, 0, 30));
        await BuyAsync(crm, "drop", Local(2026, 2, 19, 23, 30), Local(2026, 2, 20), Local(2026, 3, 1), Local(2026, 3, 10), Local(2026, 3, 21, 23, 30), Local(2026, 4, 1));
        await BuyAsync(crm, "complaint", Local(2026, 4, 19));
        await churn.RecordFeedbackAsync(new ChurnFeedback { Id = "fb-1", CustomerId = new CustomerId("complaint"), ReportedAt = Local(2026, 4, 2), Note = "拿铁是凉的" });

        var cadence = await churn.AssessAsync(new CustomerId("cadence"));
        var drop = await churn.AssessAsync(new CustomerId("drop"));
        var complaint = await churn.AssessAsync(new CustomerId("complaint"));

        cadence.Reasons.Single(r => r.Signal == ChurnSignal.Cadence).Message.Should().Be("距上次消费（2026年3月30日）已21天，是该顾客消费间隔中位数7天的3.0倍（阈值2倍）");
        drop.Reasons.Single(r => r.Signal == ChurnSignal.FrequencyDrop).Message.Should().Be("近30天消费1次，此前30天消费4次：下降75%（阈值50%）");
        complaint.Reasons.Single(r => r.Signal == ChurnSignal.Feedback).Message.Should().Be("1条投诉未处理，最早一条提交于2026年4月2日");
        cadence.Reasons[^1].Message.Should().Be("未计入模型信号，评分仅来自其他信号：尚未拟合模型（由RunAsync或FitModelAsync拟合）");
        (await churn.GetAssessmentAsync(new CustomerId("cadence")))!.Reasons.Should().Equal(cadence.Reasons, "the saved assessment keeps the culture it was written in");
    }

    [Fact]
    public async Task Assess_InChinese_NamesTheModelFitFailure()
    {
        // Every customer bought once: the BG/NBD fit fails with NoRepeatPurchases; the note translates the failure kind and keeps
        // the fit's own diagnostic (English, as the exception message is).
        var (crm, churn) = Create(Only(ChurnSignal.Model), Local(2026, 4, 20), ZhCn);
        await BuyAsync(crm, "c1", Local(2026, 3, 1));
        await BuyAsync(crm, "c2", Local(2026, 3, 5));
        await BuyAsync(crm, "c3", Local(2026, 3, 9));

        var fit = await churn.FitModelAsync();
        var note = (await churn.AssessAsync(new CustomerId("c1"))).Reasons.Should().ContainSingle().Subject;

        fit.PurchasesFit!.Failure.Should().Be(ModelFitFailure.NoRepeatPurchases);
        note.Message.Should().Be("未计入模型信号，评分仅来自其他信号：BG/NBD模型无法拟合（没有顾客复购）：" + fit.PurchasesFit.Message);
    }

    [Fact]
    public async Task Assess_WithoutACulture_FollowsTheCurrentUICulture()
    {
        var (crm, churn) = Create(Only(ChurnSignal.Cadence), Local(2026, 4, 20, 23), culture: null);
        await BuyAsync(crm, "c1", Local(2026, 3, 1), Local(2026, 3, 8), Local(2026, 3, 15), Local(2026, 3, 30, 0, 30));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            (await churn.AssessAsync(new CustomerId("c1"))).Reasons.Single().Message
                .Should().Be("距上次消费（2026年3月30日）已21天，是该顾客消费间隔中位数7天的3.0倍（阈值2倍）");
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            (await churn.AssessAsync(new CustomerId("c1"))).Reasons.Single().Message
                .Should().Be("21 days since the last purchase on 2026-03-30: 3.0× the customer's median gap of 7 days (threshold 2×)");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static (TestCrm Crm, ChurnManager Churn) Create(ChurnPolicy policy, Instant now, CultureInfo? culture)
    {
        var crm = TestCrm.Create(
            now,
            b => b.AddChurn(o =>
            {
                o.Policy = policy;
                o.RefitModelOnRun = false;
            }),
            o => o.Culture = culture);
        return (crm, crm.Get<ChurnManager>());
    }
}
