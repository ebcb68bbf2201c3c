using NodaTime;

namespace Crm.Feedback.Tests.Reports;

/// <summary>Complaint volume by store and category, and SLA attainment.</summary>
public sealed class OperationsReportTests
{
    private static readonly FeedbackReportRequest June = new() { From = new LocalDate(2026, 6, 1), To = new LocalDate(2026, 6, 30) };

    [Fact]
    public async Task ComplaintVolume_CountsComplaintsOnlyByStoreAndCategory()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 1, 0, 0));
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", at, FeedbackCategory.Taste));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", at, FeedbackCategory.WaitTime));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k3", at, FeedbackCategory.WaitTime));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k4", at, FeedbackCategory.Hygiene, "sh-002"));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k5", at, FeedbackCategory.Taste) with { Kind = InteractionKind.Praise });
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k6", FeedbackWorld.Local(2026, 7, 1, 0, 0), FeedbackCategory.Taste));

        var rows = await world.Manager.GetComplaintVolumeAsync(June);

        rows.Should().Equal(
            new ComplaintVolumeRow { StoreId = "sh-001", Category = FeedbackCategory.WaitTime, Complaints = 2 },
            new ComplaintVolumeRow { StoreId = "sh-001", Category = FeedbackCategory.Taste, Complaints = 1 },
            new ComplaintVolumeRow { StoreId = "sh-002", Category = FeedbackCategory.Hygiene, Complaints = 1 });
    }

    [Fact]
    public async Task ComplaintVolume_PerThousandPurchases_CountsTheStoresPurchasesInTheRange()
    {
        // June: sh-001 sells 8 (and 1 in July, outside), sh-002 sells 5. sh-001: 2 wait-time complaints / 8 = 250 per
        // 1,000, 1 taste / 8 = 125; sh-002: 1 hygiene / 5 = 200. A store with complaints and no purchases has no rate.
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 7, 2, 0, 0));
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        for (var i = 0; i < 8; i++)
        {
            await world.Crm.Manager.RecordPurchaseAsync(Sale($"a-{i}", $"c{i}", FeedbackWorld.Local(2026, 6, 1 + i, 12, 0), "sh-001"));
        }

        await world.Crm.Manager.RecordPurchaseAsync(Sale("a-july", "c1", FeedbackWorld.Local(2026, 7, 1, 12, 0), "sh-001"));
        for (var i = 0; i < 5; i++)
        {
            await world.Crm.Manager.RecordPurchaseAsync(Sale($"b-{i}", $"d{i}", FeedbackWorld.Local(2026, 6, 20 + i, 12, 0), "sh-002"));
        }

        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", at, FeedbackCategory.Taste));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", at, FeedbackCategory.WaitTime));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k3", at, FeedbackCategory.WaitTime));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k4", at, FeedbackCategory.Hygiene, "sh-002"));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k5", at, FeedbackCategory.Staff, "sh-003"));

        var rows = await world.Manager.GetComplaintVolumeAsync(June);
        var sh002 = await world.Manager.GetComplaintVolumeAsync(June with { StoreId = "sh-002" });

        rows.Select(r => (r.StoreId, r.Category, r.Complaints, r.Purchases, r.PerThousandPurchases)).Should().Equal(
            ("sh-001", FeedbackCategory.WaitTime, 2, 8, 250.0),
            ("sh-001", FeedbackCategory.Taste, 1, 8, 125.0),
            ("sh-002", FeedbackCategory.Hygiene, 1, 5, 200.0),
            ("sh-003", FeedbackCategory.Staff, 1, 0, (double?)null));
        sh002.Select(r => (r.StoreId, r.Purchases, r.PerThousandPurchases)).Should().Equal(("sh-002", 5, 200.0));
    }

    [Fact]
    public async Task SlaAttainment_CountsDecidedStagesOnly()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 10, 12, 0));
        var at = FeedbackWorld.Local(2026, 6, 10, 12, 0);
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", at));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", at));
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k3", at));
        world.SetLocal(2026, 6, 10, 13, 0);
        await world.Manager.AcknowledgeTicketAsync(new TicketActionRequest { TicketId = "k1", ActionId = "a", StaffId = "s" });
        await world.Manager.ResolveTicketAsync(new ResolveTicketRequest { TicketId = "k1", ActionId = "r", StaffId = "s", Resolution = new TicketResolution { Remedy = TicketRemedy.Apology, CustomerInformed = true } });
        world.SetLocal(2026, 6, 10, 15, 0);
        await world.Manager.AcknowledgeTicketAsync(new TicketActionRequest { TicketId = "k2", ActionId = "a", StaffId = "s" });

        // At 15:00: k1 acknowledged and resolved in time; k2 acknowledged late (due 14:00); k3 past acknowledge; no resolve due yet but k1's.
        var row = (await world.Manager.GetSlaAttainmentAsync(June)).Should().ContainSingle().Subject;

        row.Should().Be(new SlaAttainmentRow { StoreId = "sh-001", Tickets = 3, AcknowledgeDecided = 3, AcknowledgedOnTime = 1, ResolveDecided = 1, ResolvedOnTime = 1 });
        row.AcknowledgeAttainment.Should().BeApproximately(1 / 3.0, 1e-12);
        row.ResolveAttainment.Should().Be(1);
    }

    private static Purchase Sale(string id, string customer, Instant at, string store) => new()
    {
        Id = id,
        CustomerId = new CustomerId(customer),
        StoreId = store,
        OccurredAt = at,
        Lines = [Facts.Line("1", 20m)],
        PaidTotal = new Money(20m, Currency.CNY),
    };
}
