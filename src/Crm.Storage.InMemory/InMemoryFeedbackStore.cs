using Crm.Feedback;
using NodaTime;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="IFeedbackStore"/>: one dictionary per record kind, keyed by id; lists are filtered and sorted on read.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryFeedbackStore : IFeedbackStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryFeedbackStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryFeedbackStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryFeedbackStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Feedback;

    /// <inheritdoc />
    public Task<bool> AddInteractionAsync(ServiceInteraction interaction, ComplaintTicket? ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var opened = ticket is null ? null : Copy(ticket) with { Version = 1 };
        return AddAsync(
            interaction.Id,
            $"interaction {interaction.Id}",
            () => Store.Interactions.ContainsKey(interaction.Id) || (opened is not null && Store.Tickets.ContainsKey(opened.Id)),
            () =>
            {
                Store.Interactions.Add(interaction.Id, interaction);
                if (opened is not null)
                {
                    Store.Tickets.Add(opened.Id, opened);
                }

                return () =>
                {
                    Store.Interactions.Remove(interaction.Id);
                    if (opened is not null)
                    {
                        Store.Tickets.Remove(opened.Id);
                    }
                };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ServiceInteraction?> FindInteractionAsync(string interactionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interactionId);
        return _database.ReadAsync(() => Store.Interactions.GetValueOrDefault(interactionId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceInteraction>> ListInteractionsAsync(Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<ServiceInteraction>>(
            () => Page(Store.Interactions.Values.Where(i => i.OccurredAt >= from && i.OccurredAt <= to), i => new FeedbackPosition(i.OccurredAt, i.Id), after, limit),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceInteraction>> ListCustomerInteractionsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<ServiceInteraction>>(
            () => Page(Store.Interactions.Values.Where(i => i.CustomerId == customerId), i => new FeedbackPosition(i.OccurredAt, i.Id), null, int.MaxValue),
            cancellationToken);

    /// <inheritdoc />
    public Task<ComplaintTicket?> FindTicketAsync(string ticketId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticketId);
        return _database.ReadAsync(() => Store.Tickets.GetValueOrDefault(ticketId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ComplaintTicket> SaveTicketAsync(ComplaintTicket ticket, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var saved = Copy(ticket) with { Version = expectedVersion + 1 };
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var before = Store.Tickets.GetValueOrDefault(saved.Id);
                if (before is null || before.Version != expectedVersion)
                {
                    throw new CrmConcurrencyException($"complaint ticket {saved.Id}", expectedVersion, before?.Version);
                }

                Store.Tickets[saved.Id] = saved;
                return () => Store.Tickets[saved.Id] = before;
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ComplaintTicket>> ListTicketsAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<ComplaintTicket>>(
            () => Page(
                Store.Tickets.Values.Where(t => t.OpenedAt >= from && t.OpenedAt <= to && (storeId is null || string.Equals(t.StoreId, storeId, StringComparison.Ordinal))),
                t => new FeedbackPosition(t.OpenedAt, t.Id),
                after,
                limit),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AddInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return AddAsync(
            invitation.Id,
            $"survey invitation {invitation.Id}",
            () => Store.Invitations.ContainsKey(invitation.Id),
            () =>
            {
                Store.Invitations.Add(invitation.Id, invitation);
                return () => Store.Invitations.Remove(invitation.Id);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<SurveyInvitation?> FindInvitationAsync(string invitationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitationId);
        return _database.ReadAsync(() => Store.Invitations.GetValueOrDefault(invitationId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SurveyInvitation?> FindLatestInvitationAsync(CustomerId customerId, Instant asOf, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            () => Store.Invitations.Values
                .Where(i => i.CustomerId == customerId && i.InvitedAt <= asOf)
                .OrderByDescending(i => i.InvitedAt)
                .ThenByDescending(i => i.Id, StringComparer.Ordinal)
                .FirstOrDefault(),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> AddResponseAsync(SurveyResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stored = Copy(response);
        return AddAsync(
            stored.Id,
            $"survey response {stored.Id}",
            () => Store.Responses.ContainsKey(stored.Id),
            () =>
            {
                Store.Responses.Add(stored.Id, stored);
                return () => Store.Responses.Remove(stored.Id);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<SurveyResponse?> FindResponseAsync(string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        return _database.ReadAsync(() => Store.Responses.GetValueOrDefault(responseId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SurveyResponse>> ListResponsesAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<SurveyResponse>>(
            () => Page(
                Store.Responses.Values.Where(r => r.RespondedAt >= from && r.RespondedAt <= to && (storeId is null || string.Equals(r.StoreId, storeId, StringComparison.Ordinal))),
                r => new FeedbackPosition(r.RespondedAt, r.Id),
                after,
                limit),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AddNoteAsync(CustomerNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        return AddAsync(
            note.Id,
            $"note {note.Id}",
            () => Store.Notes.ContainsKey(note.Id),
            () =>
            {
                Store.Notes.Add(note.Id, note);
                return () => Store.Notes.Remove(note.Id);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CustomerNote?> FindNoteAsync(string noteId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(noteId);
        return _database.ReadAsync(() => Store.Notes.GetValueOrDefault(noteId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SurveyResponse>> ListCustomerResponsesAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<SurveyResponse>>(
            () => Page(Store.Responses.Values.Where(r => r.CustomerId == customerId), r => new FeedbackPosition(r.RespondedAt, r.Id), null, int.MaxValue),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerNote>> ListNotesAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<CustomerNote>>(
            () => Page(Store.Notes.Values.Where(n => n.CustomerId == customerId), n => new FeedbackPosition(n.WrittenAt, n.Id), null, int.MaxValue),
            cancellationToken);

    /// <inheritdoc />
    public async Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var interactions = Store.Interactions.Values.Where(i => i.CustomerId == customerId && i.TextErasedAt is null && i.Text is not null).ToList();
                var notes = Store.Notes.Values.Where(n => n.CustomerId == customerId && n.TextErasedAt is null).ToList();
                var responses = Store.Responses.Values.Where(r => r.CustomerId == customerId && r.CommentErasedAt is null && r.Comment is not null).ToList();
                foreach (var i in interactions)
                {
                    Store.Interactions[i.Id] = i with { Text = null, TextErasedAt = erasedAt };
                }

                foreach (var n in notes)
                {
                    Store.Notes[n.Id] = n with { Text = null, TextErasedAt = erasedAt };
                }

                foreach (var r in responses)
                {
                    Store.Responses[r.Id] = r with { Comment = null, CommentErasedAt = erasedAt };
                }

                erased = interactions.Count + notes.Count + responses.Count;
                return () =>
                {
                    interactions.ForEach(i => Store.Interactions[i.Id] = i);
                    notes.ForEach(n => Store.Notes[n.Id] = n);
                    responses.ForEach(r => Store.Responses[r.Id] = r);
                };
            },
            cancellationToken).ConfigureAwait(false);
        return erased;
    }

    /// <summary>Adds a record whose id must be new: outside a unit a taken id is the answer (<see langword="false"/>); in a unit the commit finds it and fails.</summary>
    private async Task<bool> AddAsync(string id, string entity, Func<bool> taken, InMemoryWrite add, CancellationToken cancellationToken)
    {
        var added = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (taken())
                {
                    added = false;
                    return _unit is null ? () => { } : throw new CrmConcurrencyException(entity, 0, 1);
                }

                return add();
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    private static List<T> Page<T>(IEnumerable<T> items, Func<T, FeedbackPosition> position, FeedbackPosition? after, int limit) =>
        [.. items
            .Select(item => (Item: item, Position: position(item)))
            .Where(x => after is not { } a || x.Position.At > a.At || (x.Position.At == a.At && string.CompareOrdinal(x.Position.Id, a.Id) > 0))
            .OrderBy(x => x.Position.At)
            .ThenBy(x => x.Position.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => x.Item)];

    // Lists and dictionaries inside a record are copied on the way in, so a caller that changes its own cannot change the store's.
    private static ComplaintTicket Copy(ComplaintTicket ticket) => ticket with { History = [.. ticket.History] };

    private static SurveyResponse Copy(SurveyResponse response) =>
        response with { Ratings = new SortedDictionary<string, int>(response.Ratings.ToDictionary(), StringComparer.Ordinal) };

    /// <summary>The feedback records of a database, by id.</summary>
    internal sealed class Data
    {
        public Dictionary<string, ServiceInteraction> Interactions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ComplaintTicket> Tickets { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SurveyInvitation> Invitations { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SurveyResponse> Responses { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CustomerNote> Notes { get; } = new(StringComparer.Ordinal);
    }
}
