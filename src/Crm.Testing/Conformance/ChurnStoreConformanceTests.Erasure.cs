using Crm.Churn;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <content>Erasure of the notes of a customer's feedback (issue 26).</content>
public abstract partial class ChurnStoreConformanceTests
{
    /// <summary>
    /// Erasure removes the notes of the customer's feedback with the instant, keeps the rest (negative, reported, resolved)
    /// and other customers' notes, and erases nothing the second time; the same feedback recorded again is still the one stored.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EraseCustomerText_ErasesOnlyTheCustomersNotesOnce()
    {
        var store = await CreateStoreAsync();
        var id = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        var noted = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0, Note = "Zhang San 13800138000 says the latte was cold" };
        var resolved = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0 + Duration.FromHours(1), Note = "rude cashier", IsNegative = false };
        var plain = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = id, ReportedAt = T0 + Duration.FromHours(2) };
        var theirs = new ChurnFeedback { Id = ActivityEntries.NewId("fb"), CustomerId = other, ReportedAt = T0, Note = "Li Si" };
        foreach (var f in new[] { noted, resolved, plain, theirs })
        {
            await store.AddFeedbackAsync(f);
        }

        await store.ResolveFeedbackAsync(resolved.Id, T0 + Duration.FromHours(3));
        var at = T0 + Duration.FromDays(1);

        Assert.Equal(2, await store.EraseCustomerTextAsync(id, at));
        Assert.Equal(0, await store.EraseCustomerTextAsync(id, at + Duration.FromDays(1)));

        Assert.Equal(
            [noted with { Note = null, NoteErasedAt = at }, resolved with { Note = null, NoteErasedAt = at, ResolvedAt = T0 + Duration.FromHours(3) }, plain],
            await store.GetFeedbackAsync(id));
        Assert.Equal([theirs], await store.GetFeedbackAsync(other));
        Assert.Equal((noted with { Note = null, NoteErasedAt = at }, false), await store.AddFeedbackAsync(noted));
    }
}
