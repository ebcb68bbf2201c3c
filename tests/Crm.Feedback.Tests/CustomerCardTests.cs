using Crm.Membership;
using Crm.Points;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Feedback.Tests;

/// <summary>Issue 22: the customer card, the row of the table a tea shop keeps by hand.</summary>
public sealed class CustomerCardTests
{
    /// <summary>
    /// The first row of the tea-shop table: 899.00 spent over 9 purchases since 2026-03-03 (90 days, 2.96 months: 3.04 a
    /// month), mostly green tea (6 × 99.00 against 2 × 99.00 milk tea and 107.00 fruit tea), CSAT 5, 4, 5, 4, 4 (mean 4.4:
    /// (4.4 − 1) / 4 × 100 = 85), one open complaint and one resolved, a staff note; 1 point per yuan (899 points) and
    /// gold from 800.00.
    /// </summary>
    [Fact]
    public async Task Card_TeaShopFirstRow_ShowsItsValues_AndPersonalDataOnlyWhenAsked()
    {
        using var crm = TestCrm.Create(FeedbackWorld.Local(2026, 6, 1, 12, 0), b => b
            .AddFeedback(o => o.Policy = FeedbackWorld.Policy)
            .AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m })
            .AddMembership(o => o.Policy = new TierPolicy
            {
                Window = new CalendarYearWindow(),
                Tiers = [new TierDefinition { Name = "green" }, new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 800m }] }],
            }));
        var feedback = crm.Get<FeedbackManager>();
        var customer = new CustomerId("tea-001");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Day(3, 3), Name = "王芳", Phone = "13900000001", Email = "wf@example.cn" });
        string[] categories = ["green-tea", "milk-tea", "green-tea", "green-tea", "fruit-tea", "green-tea", "milk-tea", "green-tea", "green-tea"];
        for (var i = 0; i < categories.Length; i++)
        {
            var at = Day(3, 3) + Duration.FromDays(i * 11);
            await crm.Manager.RecordPurchaseAsync(Purchase($"p-{i}", "tea-001", at, Line("1", categories[i] == "fruit-tea" ? 107m : 99m, category: categories[i])));
        }

        int[] csats = [3, 5, 4, 5, 4, 4]; // the first falls outside the latest five
        for (var i = 0; i < csats.Length; i++)
        {
            await feedback.RecordResponseAsync(new SurveyResponse { Id = $"r-{i}", SurveyId = "csat", StoreId = "sh-001", CustomerId = customer, RespondedAt = Day(3, 10) + Duration.FromDays(i * 10), Csat = csats[i], Nps = 9 });
        }

        await feedback.RecordInteractionAsync(FeedbackWorld.Complaint("x-1", Day(4, 1), customer: "tea-001"));
        await feedback.RecordInteractionAsync(FeedbackWorld.Complaint("x-2", Day(5, 20), customer: "tea-001"));
        await feedback.ResolveTicketAsync(new ResolveTicketRequest { TicketId = "x-1", ActionId = "a-1", StaffId = "s-7", Resolution = new TicketResolution { Remedy = TicketRemedy.Apology, CustomerInformed = true } });
        await feedback.AddNoteAsync("n-1", customer, "s-7", "少冰, oat milk");

        var card = await feedback.GetCustomerCardAsync(customer);
        var withContact = await feedback.GetCustomerCardAsync(customer, includePersonalData: true);

        card.TotalSpend.Should().Be(new Money(899.00m, Currency.CNY));
        card.PurchaseCount.Should().Be(9);
        card.PurchasesPerMonth.Should().BeApproximately(9 / (90 / (365.25 / 12)), 1e-9).And.BeApproximately(3.04, 0.005);
        card.FavouriteCategory.Should().Be("green-tea");
        card.Satisfaction.Should().BeApproximately(85, 1e-9);
        (card.LatestCsat, card.LatestNps).Should().Be((4, 9));
        card.FirstPurchaseAt.Should().Be(Day(3, 3));
        card.LastPurchaseAt.Should().Be(Day(3, 3) + Duration.FromDays(88));
        card.OpenTickets.Select(t => t.Id).Should().Equal("x-2");
        card.RecentInteractions.Select(i => i.Id).Should().Equal("x-2", "x-1");
        card.Notes.Should().ContainSingle().Which.Text.Should().Be("少冰, oat milk");
        card.PointsAvailable.Should().Be(new PointAmount(899));
        card.Tier.Should().Be("gold");
        card.Segments.Should().BeEmpty("no segmentation package is installed");
        (card.Name, card.Phone, card.Email).Should().Be((null, null, null));
        (withContact.Name, withContact.Phone, withContact.Email).Should().Be(("王芳", "13900000001", "wf@example.cn"));
        card.ToString().Should().Contain("899.00").And.Contain("green-tea").And.Contain("satisfaction 85");
    }

    [Fact]
    public async Task Card_UnknownCustomer_HasNothingButTheId_AndNoPackagesMeansNoTierPointsOrSegments()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 12, 0));

        var card = await world.Manager.GetCustomerCardAsync(new CustomerId("nobody"), includePersonalData: true);

        card.TotalSpend.Should().Be(Money.Zero(Currency.CNY));
        (card.PurchaseCount, card.PurchasesPerMonth, card.FavouriteCategory, card.Satisfaction).Should().Be((0, 0.0, null, null));
        (card.Tier, card.PointsAvailable, card.Name).Should().Be((null, null, null));
        card.Segments.Should().BeEmpty();
        card.RecentInteractions.Should().BeEmpty();
        (await FluentActions.Awaiting(() => world.Manager.GetCustomerCardAsync(default)).Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerIdInvalid);
    }

    private static Instant Day(int month, int day) => FeedbackWorld.Local(2026, month, day, 12, 0);
}
