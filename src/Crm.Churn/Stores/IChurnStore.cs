using NodaTime;

namespace Crm.Churn;

/// <summary>
/// Persists churn assessments (the latest per customer), win-back episodes and customer feedback. Implemented by
/// storage adapters; called by <see cref="ChurnManager"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.ChurnStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IChurnStore
{
    /// <summary>Finds a customer's latest assessment.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assessment, or <see langword="null"/> when none was saved.</returns>
    Task<ChurnAssessment?> FindAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Saves a customer's latest assessment, replacing the stored one unless that one is later.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when the stored assessment has a later <see cref="ChurnAssessment.AssessedAt"/> (nothing changes). An equal instant replaces.</returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the call answers <see langword="true"/>; the commit still keeps a later stored assessment (assessments are not versioned: the newest wins).</remarks>
    Task<bool> SaveAssessmentAsync(ChurnAssessment assessment, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of the latest assessments ranked by value at risk.</summary>
    /// <param name="minimumLevel">Only assessments at this level or above.</param>
    /// <param name="skip">How many ranked assessments to skip, at least 0.</param>
    /// <param name="take">The largest number to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Assessments in descending <see cref="ChurnAssessment.ValueAtRisk"/>, ties in ascending ordinal order of the customer id; empty when there are no more.</returns>
    Task<IReadOnlyList<ChurnAssessment>> ListByValueAtRiskAsync(ChurnLevel minimumLevel, int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Finds a customer's episode with the highest number.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The episode with its version, or <see langword="null"/> when the customer has none.</returns>
    Task<ChurnEpisode?> FindLatestEpisodeAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates an episode if its stored version is still <paramref name="expectedVersion"/> (0: create).</summary>
    /// <param name="episode">The episode, keyed by customer and number; its <see cref="ChurnEpisode.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version the caller read, or 0 to create it.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored episode, with version <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs (the episode exists when 0 was expected, or does not when more was); nothing was written.</exception>
    Task<ChurnEpisode> SaveEpisodeAsync(ChurnEpisode episode, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of all episodes, for reports.</summary>
    /// <param name="afterCustomer">Return episodes after this customer's (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="afterNumber">With <paramref name="afterCustomer"/>: that customer's episodes above this number come first.</param>
    /// <param name="limit">The largest number of episodes to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> episodes in ascending ordinal order of the customer id, then number; empty when there are no more.</returns>
    Task<IReadOnlyList<ChurnEpisode>> ListEpisodesAsync(CustomerId? afterCustomer, int afterNumber, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records feedback, idempotently by its id.</summary>
    /// <param name="feedback">The feedback.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored feedback and <see langword="true"/> when recorded now; the feedback stored before under that id and <see langword="false"/> otherwise (nothing changes).</returns>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the feedback is recorded at the commit and the call answers "recorded now"; an id recorded by then fails the commit with <see cref="CrmConcurrencyException"/>.</remarks>
    Task<(ChurnFeedback Feedback, bool Added)> AddFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>Marks feedback resolved.</summary>
    /// <param name="feedbackId">The feedback's id.</param>
    /// <param name="resolvedAt">When it was resolved.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when it was open and is now resolved; <see langword="false"/> when it is unknown or already resolved (nothing changes).</returns>
    Task<bool> ResolveFeedbackAsync(string feedbackId, Instant resolvedAt, CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's feedback.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The feedback in ascending <see cref="ChurnFeedback.ReportedAt"/>, then ordinal id; empty when none.</returns>
    Task<IReadOnlyList<ChurnFeedback>> GetFeedbackAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the free text of a customer's feedback: each <see cref="ChurnFeedback.Note"/> becomes <see langword="null"/>
    /// with <see cref="ChurnFeedback.NoteErasedAt"/> set; the rest (negative, reported, resolved) stays, so the churn signal
    /// does not change. Notes erased before stay erased at their first instant.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="erasedAt">The erasure instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many feedback records had a note erased now (0 on a repeat, and for another customer's feedback never).</returns>
    Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default);
}
