using Crm.Churn;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Docs.Tests;

/// <summary>The worked churn example of docs/rules-reference.md, with the numbers the text gives.</summary>
public sealed class ChurnExamplesTests
{
    private static Instant Noon(int month, int day) => new LocalDateTime(2026, month, day, 12, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    [Fact]
    public async Task CoffeeChurn_WeeklyRegularGoneThreeWeeks_IsCriticalAndGetsTheCoupon()
    {
        var issuer = new RecordingCouponIssuer();
        var policy = RulesReference.Load<ChurnPolicy>("coffee-churn");
        using var crm = TestCrm.Create(Noon(5, 1), b =>
        {
            b.AddChurn(o => o.Policy = policy);
            b.Services.AddSingleton<ICouponIssuer>(issuer);
        });
        var customer = new CustomerId("r1");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Noon(4, 1) });
        await crm.Manager.GrantAsync(customer, ContactChannels.Push | ContactChannels.App);
        foreach (var day in new[] { 1, 8, 15, 22 })
        {
            crm.Clock.Reset(Noon(5, day));
            await crm.Manager.RecordPurchaseAsync(Purchase($"r1-{day}", "r1", Noon(5, day), Line("1", 22m)));
        }

        crm.Clock.Reset(Noon(6, 12));
        var evaluation = await crm.Get<ChurnManager>().EvaluateAsync(customer);

        // 21 days > 2 × 7; strength (21 / 7) / 4 = 0.75; score 1 - (1 - 0.75) = 0.75: critical.
        evaluation.Assessment.Score.Should().BeApproximately(0.75, 1e-9);
        evaluation.Assessment.Level.Should().Be(ChurnLevel.Critical);
        issuer.Issued.Should().ContainSingle(r => r.TemplateId == "winback-free-cup" && r.CustomerId == customer);
    }
}
