using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// Persists service interactions, complaint tickets, survey invitations and responses, and notes. Implemented by storage
/// adapters; called by <see cref="FeedbackManager"/>. Records are stored exactly as given: rules, time and validation live
/// in the manager.
/// </summary>
/// <remarks>
/// <para>The conformance suite <c>Crm.Testing.Conformance.FeedbackStoreConformanceTests</c> checks every sentence below.</para>
/// <para>"Add" methods are idempotent by id: an id already stored is left as it is and the method returns <see langword="false"/>
/// (bound to a unit of work, the commit throws <see cref="CrmConcurrencyException"/> instead). Lists are ordered by time then
/// id (ordinal) and page after a <see cref="FeedbackPosition"/>; a period includes both ends.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IFeedbackStore
{
    /// <summary>Adds an interaction and, for a complaint, its ticket (version 1), in one atomic write.</summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="ticket">The ticket it opens, with the same id, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken (by an interaction or a ticket) and nothing was written.</returns>
    Task<bool> AddInteractionAsync(ServiceInteraction interaction, ComplaintTicket? ticket, CancellationToken cancellationToken = default);

    /// <summary>Finds an interaction.</summary>
    /// <param name="interactionId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The interaction, or <see langword="null"/> when none has the id.</returns>
    Task<ServiceInteraction?> FindInteractionAsync(string interactionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the interactions that occurred in a period (both ends included), after a position, in time then id order.</summary>
    /// <param name="from">The start of the period.</param>
    /// <param name="to">The end of the period.</param>
    /// <param name="after">The position of the last interaction of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> interactions.</returns>
    Task<IReadOnlyList<ServiceInteraction>> ListInteractionsAsync(Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's interactions, oldest first (time then id).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The interactions; empty when none.</returns>
    Task<IReadOnlyList<ServiceInteraction>> ListCustomerInteractionsAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Finds a complaint ticket.</summary>
    /// <param name="ticketId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket with its version, or <see langword="null"/> when none has the id.</returns>
    Task<ComplaintTicket?> FindTicketAsync(string ticketId, CancellationToken cancellationToken = default);

    /// <summary>Saves a changed ticket over the version it was read at.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="expectedVersion">The version read, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket as stored, with version <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version is not <paramref name="expectedVersion"/> (another action came first, or there is no such ticket); nothing was written.</exception>
    Task<ComplaintTicket> SaveTicketAsync(ComplaintTicket ticket, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists tickets opened in a period (both ends included), of one store or all, after a position, in opening time then id order.</summary>
    /// <param name="storeId">The store (ordinal), or <see langword="null"/> for every store.</param>
    /// <param name="from">The start of the period.</param>
    /// <param name="to">The end of the period.</param>
    /// <param name="after">The position (opening time and id) of the last ticket of the previous page, or <see langword="null"/>.</param>
    /// <param name="limit">The most to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> tickets.</returns>
    Task<IReadOnlyList<ComplaintTicket>> ListTicketsAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Adds a survey invitation.</summary>
    /// <param name="invitation">The invitation.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken and nothing was written.</returns>
    Task<bool> AddInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken = default);

    /// <summary>Finds a survey invitation.</summary>
    /// <param name="invitationId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The invitation, or <see langword="null"/> when none has the id.</returns>
    Task<SurveyInvitation?> FindInvitationAsync(string invitationId, CancellationToken cancellationToken = default);

    /// <summary>Finds a customer's latest invitation at or before an instant (by <see cref="SurveyInvitation.InvitedAt"/>, then id).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The invitation, or <see langword="null"/> when there is none.</returns>
    Task<SurveyInvitation?> FindLatestInvitationAsync(CustomerId customerId, Instant asOf, CancellationToken cancellationToken = default);

    /// <summary>Adds a survey response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken and nothing was written.</returns>
    Task<bool> AddResponseAsync(SurveyResponse response, CancellationToken cancellationToken = default);

    /// <summary>Finds a survey response.</summary>
    /// <param name="responseId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The response, or <see langword="null"/> when none has the id.</returns>
    Task<SurveyResponse?> FindResponseAsync(string responseId, CancellationToken cancellationToken = default);

    /// <summary>Lists responses given in a period (both ends included), of one store or all, after a position, in time then id order.</summary>
    /// <param name="storeId">The store (ordinal), or <see langword="null"/> for every store.</param>
    /// <param name="from">The start of the period.</param>
    /// <param name="to">The end of the period.</param>
    /// <param name="after">The position of the last response of the previous page, or <see langword="null"/>.</param>
    /// <param name="limit">The most to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> responses.</returns>
    Task<IReadOnlyList<SurveyResponse>> ListResponsesAsync(string? storeId, Instant from, Instant to, FeedbackPosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's survey responses, oldest first (by response time, then id).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The responses that name the customer; empty when none.</returns>
    Task<IReadOnlyList<SurveyResponse>> ListCustomerResponsesAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Adds a note.</summary>
    /// <param name="note">The note.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken and nothing was written.</returns>
    Task<bool> AddNoteAsync(CustomerNote note, CancellationToken cancellationToken = default);

    /// <summary>Finds a note.</summary>
    /// <param name="noteId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The note, or <see langword="null"/> when none has the id.</returns>
    Task<CustomerNote?> FindNoteAsync(string noteId, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's notes, oldest first (time then id).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The notes; empty when none.</returns>
    Task<IReadOnlyList<CustomerNote>> ListNotesAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a customer's free text: the text of their interactions and notes and the comments of their responses become
    /// <see langword="null"/> with the erasure instant set; everything else stays. Text erased before stays erased at its first instant.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="erasedAt">The erasure instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many records had text erased now (0 on a repeat).</returns>
    Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default);
}
