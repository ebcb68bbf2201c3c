using Crm.Internal;

namespace Crm.Feedback;

public sealed partial class FeedbackManager
{
    /// <summary>Adds a staff note on a customer, written now.</summary>
    /// <param name="noteId">The host's id of the note (a key); adding it again with the same customer, author and text is a replay.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="authorId">The staff member who writes it (a key).</param>
    /// <param name="text">The text, 1 to <see cref="MaxTextLength"/> characters. Personal data.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The note as stored; a replay writes nothing.</returns>
    /// <exception cref="CrmValidationException">The note is malformed (<see cref="FeedbackErrorCodes.NoteInvalid"/>), the customer id is default, or the id was used for another note (<see cref="FeedbackErrorCodes.IdReused"/>).</exception>
    public Task<AddNoteResult> AddNoteAsync(string noteId, CustomerId customerId, string authorId, string text, CancellationToken cancellationToken = default)
    {
        Guard.Key(noteId, FeedbackErrorCodes.NoteInvalid, "noteId");
        Guard.Customer(customerId);
        Guard.Key(authorId, FeedbackErrorCodes.NoteInvalid, "authorId");
        if (text is null)
        {
            throw new CrmValidationException(FeedbackErrorCodes.NoteInvalid, "text", "A note needs a text.");
        }

        CheckText(text, FeedbackErrorCodes.NoteInvalid, "text");
        return _settings.Retry.RunAsync(
            async _ =>
            {
                if (await _store.FindNoteAsync(noteId, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return existing.CustomerId == customerId && string.Equals(existing.AuthorId, authorId, StringComparison.Ordinal)
                        && (existing.TextErasedAt is not null || string.Equals(existing.Text, text, StringComparison.Ordinal))
                        ? new AddNoteResult { Note = existing, IsReplay = true }
                        : throw IdReused("note", noteId);
                }

                var note = new CustomerNote { Id = noteId, CustomerId = customerId, AuthorId = authorId, Text = text, WrittenAt = _clock.GetCurrentInstant() };
                if (!await _store.AddNoteAsync(note, cancellationToken).ConfigureAwait(false))
                {
                    throw new CrmConcurrencyException($"note {noteId}", 0, 1);
                }

                return new AddNoteResult { Note = note, IsReplay = false };
            },
            FeedbackTelemetry.ConcurrencyRetries,
            cancellationToken);
    }

    /// <summary>Lists a customer's notes, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The notes; empty when none. Erased notes keep their author and time, without text.</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public Task<IReadOnlyList<CustomerNote>> GetNotesAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.ListNotesAsync(Guard.Customer(customerId), cancellationToken);
}
