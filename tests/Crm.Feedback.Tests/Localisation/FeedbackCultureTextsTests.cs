using System.Globalization;
using NodaTime;

namespace Crm.Feedback.Tests.Localisation;

/// <summary>A refused ticket action says why in the culture of <see cref="CrmOptions.Culture"/>, or else the current UI culture.</summary>
public sealed class FeedbackCultureTextsTests
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly Instant Friday2130 = FeedbackWorld.Local(2026, 6, 5, 21, 30);

    [Fact]
    public async Task TicketAction_NotAllowed_SaysWhyInChinese()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31), culture: ZhCn);
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));

        var reopen = await world.Manager.ReopenTicketAsync(Action("k1", "a1"));
        await world.Manager.CloseTicketAsync(Action("k1", "a2"));
        var acknowledge = await world.Manager.AcknowledgeTicketAsync(Action("k1", "a3"));

        reopen.Reason.Should().Be("待处理的工单不能执行“重新打开”操作。");
        acknowledge.Reason.Should().Be("已关闭的工单不能执行“受理”操作。");
    }

    [Fact]
    public async Task TicketAction_WithoutACulture_FollowsTheCurrentUICulture()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 5, 21, 31));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", Friday2130));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            (await world.Manager.ReopenTicketAsync(Action("k1", "a1"))).Reason.Should().Be("待处理的工单不能执行“重新打开”操作。");
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            (await world.Manager.ReopenTicketAsync(Action("k1", "a2"))).Reason.Should().Be("A open ticket cannot take the action Reopen.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static TicketActionRequest Action(string ticket, string action) => new() { TicketId = ticket, ActionId = action, StaffId = "s-7" };
}
