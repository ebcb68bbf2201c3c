using Crm.Segmentation;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Docs.Tests;

/// <summary>The worked segmentation example of docs/rules-reference.md, with the numbers the text gives.</summary>
public sealed class SegmentationExamplesTests
{
    [Fact]
    public async Task TeaShop_TenDaysNinePurchases320_IsLoyalAndLovesTea()
    {
        var asOf = new LocalDateTime(2026, 9, 1, 12, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant();
        var policy = RulesReference.Load<SegmentationPolicy>("tea-shop-segments");
        using var crm = TestCrm.Create(asOf, b => b.AddSegmentation(o => o.Policy = policy));
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("t1"), JoinedAt = asOf - Duration.FromDays(400) });

        // 9 purchases: 8 of 35.00 and the last, 10 days before the as-of instant, of 40.00: 320.00 CNY.
        for (var i = 0; i < 9; i++)
        {
            var at = asOf - Duration.FromDays(10 + ((8 - i) * 20));
            await crm.Manager.RecordPurchaseAsync(Purchase($"t1-{i}", "t1", at, Line("1", i == 8 ? 40m : 35m, category: "tea")));
        }

        var manager = crm.Get<SegmentationManager>();
        await manager.RunAsync(asOf);
        var segments = (await manager.GetSegmentsAsync(new CustomerId("t1")))!;

        segments.Rfm!.Should().Be(new RfmScore { RecencyDays = 10, Frequency = 9, Monetary = Cny(320m), R = 4, F = 4, M = 4 });
        segments.IsIn("loyal-customers").Should().BeTrue();
        segments.IsIn("loves-tea").Should().BeTrue();
        segments.IsIn("tea-regular").Should().BeTrue();
    }
}
