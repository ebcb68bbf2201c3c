using NodaTime;

namespace Crm.Feedback.Tests;

/// <summary>Staff notes, and erasure of a customer's free text.</summary>
public sealed class NotesTests
{
    [Fact]
    public async Task AddNote_KeepsAuthorAndClockTimeAndReplays()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 10, 0));

        var note = await world.Manager.AddNoteAsync("n1", new CustomerId("c1"), "s-7", "Prefers oat milk, less ice");
        var again = await world.Manager.AddNoteAsync("n1", new CustomerId("c1"), "s-7", "Prefers oat milk, less ice");

        note.Note.WrittenAt.Should().Be(FeedbackWorld.Local(2026, 6, 1, 10, 0));
        again.Should().Be(note with { IsReplay = true });
        (await world.Manager.GetNotesAsync(new CustomerId("c1"))).Should().ContainSingle();
    }

    [Fact]
    public async Task AddNote_EmptyTextOrReusedId_IsRefused()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 10, 0));
        await world.Manager.AddNoteAsync("n1", new CustomerId("c1"), "s-7", "VIP");

        var empty = () => world.Manager.AddNoteAsync("n2", new CustomerId("c1"), "s-7", "  ");
        var reused = () => world.Manager.AddNoteAsync("n1", new CustomerId("c1"), "s-7", "not VIP");

        (await empty.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.NoteInvalid);
        (await reused.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(FeedbackErrorCodes.IdReused);
    }

    [Fact]
    public async Task Erase_RemovesTheCustomersTextEverywhereKeepsTheRestAndReplaysStillWork()
    {
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 10, 0));
        var c1 = new CustomerId("c1");
        var complaint = FeedbackWorld.Complaint("k1", FeedbackWorld.Local(2026, 6, 1, 9, 0));
        await world.Manager.RecordInteractionAsync(complaint);
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k2", FeedbackWorld.Local(2026, 6, 1, 9, 0), customer: "c2"));
        await world.Manager.AddNoteAsync("n1", c1, "s-7", "Lives at 5 Nanjing Road");
        var response = new SurveyResponse { Id = "r1", SurveyId = "s", StoreId = "sh-001", CustomerId = c1, RespondedAt = FeedbackWorld.Local(2026, 6, 1, 9, 0), Nps = 9, Comment = "Ask for Li" };
        await world.Manager.RecordResponseAsync(response);
        world.SetLocal(2026, 6, 2, 10, 0);

        var erased = await world.Manager.EraseCustomerPersonalDataAsync(c1);
        var twice = await world.Manager.EraseCustomerPersonalDataAsync(c1);

        erased.Should().Be(3);
        twice.Should().Be(0);
        var at = FeedbackWorld.Local(2026, 6, 2, 10, 0);
        (await world.Manager.GetInteractionAsync("k1")).Should().BeEquivalentTo(complaint with { Text = null, TextErasedAt = at });
        (await world.Manager.GetInteractionAsync("k2"))!.Text.Should().NotBeNull();
        (await world.Manager.GetNotesAsync(c1)).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Text = (string?)null, TextErasedAt = at, AuthorId = "s-7" });
        (await world.Store.FindResponseAsync("r1")).Should().BeEquivalentTo(new { Comment = (string?)null, CommentErasedAt = at, Nps = 9 });

        (await world.Manager.RecordInteractionAsync(complaint)).IsReplay.Should().BeTrue();
        (await world.Manager.RecordResponseAsync(response)).IsReplay.Should().BeTrue();
    }

    [Fact]
    public async Task EraseThroughCrmManager_ReachesTheFeedbackText_AndAgainChangesNothing()
    {
        // Issue 26: one call erases the profile and every package's personal data (through its data contributor).
        using var world = FeedbackWorld.Create(new LocalDateTime(2026, 6, 1, 10, 0));
        var c1 = new CustomerId("c1");
        await world.Crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = c1, JoinedAt = FeedbackWorld.Local(2026, 5, 1, 9, 0), Name = "Li Lei", Phone = "13800000000" });
        await world.Manager.RecordInteractionAsync(FeedbackWorld.Complaint("k1", FeedbackWorld.Local(2026, 6, 1, 9, 0)));
        await world.Manager.AddNoteAsync("n1", c1, "s-7", "Lives at 5 Nanjing Road");
        world.SetLocal(2026, 6, 2, 10, 0);

        var profile = await world.Crm.Manager.EraseCustomerPersonalDataAsync(c1);
        var again = await world.Crm.Manager.EraseCustomerPersonalDataAsync(c1);

        var at = FeedbackWorld.Local(2026, 6, 2, 10, 0);
        (profile.Name, profile.Phone, profile.ErasedAt).Should().Be((null, null, at));
        again.Should().Be(profile);
        (await world.Manager.GetInteractionAsync("k1")).Should().BeEquivalentTo(new { Text = (string?)null, TextErasedAt = at });
        (await world.Manager.GetNotesAsync(c1)).Should().ContainSingle().Which.Should().BeEquivalentTo(new { Text = (string?)null, TextErasedAt = at });
        (await world.Manager.EraseCustomerPersonalDataAsync(c1)).Should().Be(0, "nothing is left to erase");
        (await world.Crm.Manager.ExportCustomerDataAsync(c1)).ToJson().Should().NotContain("Nanjing").And.NotContain("Li Lei").And.NotContain("13800000000");
    }
}
