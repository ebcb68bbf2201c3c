using Crm.Feedback;
using NodaTime;

namespace Crm.Docs.Tests;

/// <summary>The worked feedback example of docs/rules-reference.md, with the due instants the text gives.</summary>
public sealed class FeedbackExamplesTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int day, int hour, int minute) => new LocalDateTime(2026, 6, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void TeaShop_ComplaintFriday2130_IsDueSaturday1030AndTuesday1730()
    {
        var policy = RulesReference.Load<FeedbackPolicy>("tea-shop-feedback");
        var hours = policy.BusinessHours!;
        var friday2130 = Local(5, 21, 30);
        static Duration Hours(double h) => Duration.FromTicks((long)(h * NodaConstants.TicksPerHour));

        hours.AddBusinessTime(friday2130, Hours((double)policy.TargetFor(FeedbackCategory.WaitTime).AcknowledgeWithinHours), Shanghai).Should().Be(Local(6, 10, 30));
        hours.AddBusinessTime(friday2130, Hours((double)policy.TargetFor(FeedbackCategory.WaitTime).ResolveWithinHours), Shanghai).Should().Be(Local(9, 17, 30));
        hours.AddBusinessTime(friday2130, Hours((double)policy.TargetFor(FeedbackCategory.Hygiene).AcknowledgeWithinHours), Shanghai).Should().Be(Local(6, 9, 30));
    }
}
