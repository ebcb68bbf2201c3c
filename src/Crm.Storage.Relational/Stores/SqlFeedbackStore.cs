using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Feedback;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="IFeedbackStore"/> in SQL: one row per record holding it as JSON, with the columns it is found and ordered by
/// (ids, customer, store, time, a ticket's version). Records are read whole and change only as a whole (a ticket's action,
/// an erasure), so their parts need no tables of their own.
/// </summary>
internal sealed class SqlFeedbackStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IFeedbackStore
{
    public async Task<bool> AddInteractionAsync(ServiceInteraction interaction, ComplaintTicket? ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var writes = new List<SqlWrite>
        {
            new(
                "INSERT INTO crm_feedback_interactions (interaction_id, customer_id, occurred_at, body) VALUES (@id, @customer, @at, @body) ON CONFLICT (interaction_id) DO NOTHING",
                [("@id", interaction.Id), ("@customer", interaction.CustomerId.Value), ("@at", Ticks(interaction.OccurredAt)), ("@body", CrmJson.Serialize(interaction))],
                1,
                ($"interaction {interaction.Id}", 0)),
        };
        if (ticket is not null)
        {
            var opened = ticket with { Version = 1 };
            writes.Add(new(
                "INSERT INTO crm_feedback_tickets (ticket_id, store_id, opened_at, version, body) VALUES (@id, @store, @at, 1, @body) ON CONFLICT (ticket_id) DO NOTHING",
                [("@id", opened.Id), ("@store", opened.StoreId), ("@at", Ticks(opened.OpenedAt)), ("@body", CrmJson.Serialize(opened))],
                1,
                ($"complaint ticket {opened.Id}", 0)));
        }

        // Outside a unit a taken id is the answer; in a unit the commit finds it and fails.
        return await TryWriteAsync(writes, cancellationToken).ConfigureAwait(false) is null;
    }

    public Task<ServiceInteraction?> FindInteractionAsync(string interactionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interactionId);
        return FindAsync<ServiceInteraction>("SELECT body FROM crm_feedback_interactions WHERE interaction_id = @id", interactionId, cancellationToken);
    }

    public Task<IReadOnlyList<ServiceInteraction>> ListInteractionsAsync(Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default) =>
        PageAsync<ServiceInteraction>("crm_feedback_interactions", "occurred_at", "interaction_id", null, null, from, to, after, limit, cancellationToken);

    public async Task<IReadOnlyList<ServiceInteraction>> ListCustomerInteractionsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await ListBodiesAsync<ServiceInteraction>(
            "SELECT body FROM crm_feedback_interactions WHERE customer_id = @id ORDER BY occurred_at, interaction_id",
            customerId.Value,
            cancellationToken).ConfigureAwait(false);

    public Task<ComplaintTicket?> FindTicketAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketId);
        return FindAsync<ComplaintTicket>("SELECT body, version FROM crm_feedback_tickets WHERE ticket_id = @id", ticketId, cancellationToken);
    }

    public async Task<ComplaintTicket> SaveTicketAsync(ComplaintTicket ticket, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var saved = ticket with { Version = expectedVersion + 1 };
        await WriteAsync(
            [new(
                "UPDATE crm_feedback_tickets SET version = version + 1, store_id = @store, opened_at = @at, body = @body WHERE ticket_id = @id AND version = @expected",
                [("@id", saved.Id), ("@store", saved.StoreId), ("@at", Ticks(saved.OpenedAt)), ("@body", CrmJson.Serialize(saved)), ("@expected", expectedVersion)],
                1,
                ($"complaint ticket {saved.Id}", expectedVersion))],
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public Task<IReadOnlyList<ComplaintTicket>> ListTicketsAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default) =>
        PageAsync<ComplaintTicket>("crm_feedback_tickets", "opened_at", "ticket_id", "store_id", storeId, from, to, after, limit, cancellationToken, withVersion: true);

    public async Task<bool> AddInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return await TryWriteAsync(
            [new(
                "INSERT INTO crm_feedback_invitations (invitation_id, customer_id, invited_at, body) VALUES (@id, @customer, @at, @body) ON CONFLICT (invitation_id) DO NOTHING",
                [("@id", invitation.Id), ("@customer", invitation.CustomerId.Value), ("@at", Ticks(invitation.InvitedAt)), ("@body", CrmJson.Serialize(invitation))],
                1,
                ($"survey invitation {invitation.Id}", 0))],
            cancellationToken).ConfigureAwait(false) is null;
    }

    public Task<SurveyInvitation?> FindInvitationAsync(string invitationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitationId);
        return FindAsync<SurveyInvitation>("SELECT body FROM crm_feedback_invitations WHERE invitation_id = @id", invitationId, cancellationToken);
    }

    public async Task<SurveyInvitation?> FindLatestInvitationAsync(CustomerId customerId, Instant asOf, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadAsync(
            session.Command(
                "SELECT body FROM crm_feedback_invitations WHERE customer_id = @id AND invited_at <= @asOf ORDER BY invited_at DESC, invitation_id DESC LIMIT 1",
                [("@id", customerId.Value), ("@asOf", Ticks(asOf))]),
            r => CrmJson.Deserialize<SurveyInvitation>(r.GetString(0)),
            cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<bool> AddResponseAsync(SurveyResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stored = response with { Ratings = new SortedDictionary<string, int>(response.Ratings.ToDictionary(), StringComparer.Ordinal) };
        return await TryWriteAsync(
            [new(
                "INSERT INTO crm_feedback_responses (response_id, store_id, customer_id, responded_at, body) VALUES (@id, @store, @customer, @at, @body) ON CONFLICT (response_id) DO NOTHING",
                [("@id", stored.Id), ("@store", stored.StoreId), ("@customer", Text(stored.CustomerId?.Value)), ("@at", Ticks(stored.RespondedAt)), ("@body", CrmJson.Serialize(stored))],
                1,
                ($"survey response {stored.Id}", 0))],
            cancellationToken).ConfigureAwait(false) is null;
    }

    public Task<SurveyResponse?> FindResponseAsync(string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        return FindAsync<SurveyResponse>("SELECT body FROM crm_feedback_responses WHERE response_id = @id", responseId, cancellationToken);
    }

    public Task<IReadOnlyList<SurveyResponse>> ListResponsesAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default) =>
        PageAsync<SurveyResponse>("crm_feedback_responses", "responded_at", "response_id", "store_id", storeId, from, to, after, limit, cancellationToken);

    public async Task<bool> AddNoteAsync(CustomerNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        return await TryWriteAsync(
            [new(
                "INSERT INTO crm_feedback_notes (note_id, customer_id, written_at, body) VALUES (@id, @customer, @at, @body) ON CONFLICT (note_id) DO NOTHING",
                [("@id", note.Id), ("@customer", note.CustomerId.Value), ("@at", Ticks(note.WrittenAt)), ("@body", CrmJson.Serialize(note))],
                1,
                ($"note {note.Id}", 0))],
            cancellationToken).ConfigureAwait(false) is null;
    }

    public Task<CustomerNote?> FindNoteAsync(string noteId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(noteId);
        return FindAsync<CustomerNote>("SELECT body FROM crm_feedback_notes WHERE note_id = @id", noteId, cancellationToken);
    }

    public async Task<IReadOnlyList<SurveyResponse>> ListCustomerResponsesAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await ListBodiesAsync<SurveyResponse>("SELECT body FROM crm_feedback_responses WHERE customer_id = @id ORDER BY responded_at, response_id", customerId.Value, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CustomerNote>> ListNotesAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        await ListBodiesAsync<CustomerNote>("SELECT body FROM crm_feedback_notes WHERE customer_id = @id ORDER BY written_at, note_id", customerId.Value, cancellationToken).ConfigureAwait(false);

    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        var interactions = await ListCustomerInteractionsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var notes = await ListNotesAsync(customerId, cancellationToken).ConfigureAwait(false);
        var responses = await ListCustomerResponsesAsync(customerId, cancellationToken).ConfigureAwait(false);

        // Interactions, notes and responses never change but by erasure, so the erased body can replace the one read.
        var writes = new List<SqlWrite>();
        void Rewrite<T>(string table, string key, string id, T after) => writes.Add(new(
            $"UPDATE {table} SET body = @after WHERE {key} = @id",
            [("@id", id), ("@after", CrmJson.Serialize(after))]));
        foreach (var i in interactions.Where(i => i.TextErasedAt is null && i.Text is not null))
        {
            Rewrite("crm_feedback_interactions", "interaction_id", i.Id, i with { Text = null, TextErasedAt = erasedAt });
        }

        foreach (var n in notes.Where(n => n.TextErasedAt is null))
        {
            Rewrite("crm_feedback_notes", "note_id", n.Id, n with { Text = null, TextErasedAt = erasedAt });
        }

        foreach (var r in responses.Where(r => r.CommentErasedAt is null && r.Comment is not null))
        {
            Rewrite("crm_feedback_responses", "response_id", r.Id, r with { Comment = null, CommentErasedAt = erasedAt });
        }

        if (writes.Count > 0)
        {
            await WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        }

        return writes.Count;
    }

    private async Task<T?> FindAsync<T>(string sql, string id, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
        where T : class =>
        (await ListBodiesAsync<T>(sql, id, cancellationToken, operation).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Reads the bodies of a query with one <c>@id</c>; a ticket's query reads its version from the row, the one column the store changes.</summary>
    private async Task<List<T>> ListBodiesAsync<T>(string sql, string id, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(session.Command(sql, [("@id", id)]), Body<T>, cancellationToken, operation).ConfigureAwait(false);
    }

    private static T Body<T>(System.Data.Common.DbDataReader reader)
    {
        var value = CrmJson.Deserialize<T>(reader.GetString(0));
        return value is ComplaintTicket ticket && reader.FieldCount > 1 ? (T)(object)(ticket with { Version = reader.GetInt64(1) }) : value;
    }

    private async Task<IReadOnlyList<T>> PageAsync<T>(
        string table, string timeColumn, string idColumn, string? storeColumn, string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken, bool withVersion = false, [CallerMemberName] string operation = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var where = new List<string> { $"{timeColumn} >= @from", $"{timeColumn} <= @to" };
        var parameters = new List<(string, object?)> { ("@from", TicksFrom(from)), ("@to", Ticks(to)), ("@limit", (long)limit) };
        if (storeId is not null)
        {
            where.Add($"{storeColumn} = @store");
            parameters.Add(("@store", storeId));
        }

        if (after is { } a)
        {
            where.Add($"({timeColumn} > @afterAt OR ({timeColumn} = @afterAt AND {idColumn} > @afterId))");
            parameters.Add(("@afterAt", Ticks(a.At)));
            parameters.Add(("@afterId", a.Id));
        }

        var sql = string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT body{(withVersion ? ", version" : string.Empty)} FROM {table} WHERE {string.Join(" AND ", where)} ORDER BY {timeColumn}, {idColumn} LIMIT @limit");
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(session.Command(sql, [.. parameters]), Body<T>, cancellationToken, operation).ConfigureAwait(false);
    }
}
