using NodaTime;

namespace Crm.Points;

/// <summary>
/// Persists customers' points ledgers: append-only entries, lots and a cached account with a version. Implemented by
/// storage adapters; called by <see cref="PointsManager"/>, which holds every rule (the store only persists).
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.PointsLedgerStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IPointsLedgerStore
{
    /// <summary>Finds a customer's account.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="includeLots">Whether to read the open lots (remaining above zero) too.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The account with its version, or <see langword="null"/> when nothing was ever written for the customer. With
    /// <paramref name="includeLots"/>, <see cref="PointsAccount.Lots"/> holds the open lots ordered by
    /// <see cref="PointsLot.EarnedAt"/> then <see cref="PointsLot.LotId"/> (ordinal), read no earlier than the account
    /// (a write in between moves the version, so a write based on both fails).
    /// </returns>
    Task<PointsAccount?> FindAsync(CustomerId customerId, bool includeLots, CancellationToken cancellationToken = default);

    /// <summary>Finds one lot, open or not.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="lotId">The lot's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The lot, or <see langword="null"/> when there is none.</returns>
    Task<PointsLot?> FindLotAsync(CustomerId customerId, string lotId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a write atomically: if the customer's ledger already holds <see cref="PointsWrite.Key"/>, nothing is
    /// written and the entries of that key are returned (whatever the expected version); otherwise, if the account's
    /// version is <see cref="PointsWrite.ExpectedVersion"/> (0: no account), the entries are appended, the lots upserted
    /// and the account saved at version + 1, all or nothing.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether it was applied now, and the entries of its key.</returns>
    /// <exception cref="CrmConcurrencyException">The key is new and the stored version differs; nothing was written.</exception>
    /// <remarks>Through a unit of work (<see cref="IStoreUnitOfWork"/>) the write is applied at the commit and the call answers "applied now"; a key the ledger holds by then, or a moved version, fails the commit with <see cref="CrmConcurrencyException"/>. Callers in a unit check the key first (<see cref="FindWriteAsync"/>).</remarks>
    Task<PointsAppendResult> AppendAsync(CustomerId customerId, PointsWrite write, CancellationToken cancellationToken = default);

    /// <summary>Finds the entries a write with an idempotency key appended.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="key">The write's idempotency key.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entries in ascending sequence; empty when the key was never written for the customer.</returns>
    Task<IReadOnlyList<PointsEntry>> FindWriteAsync(CustomerId customerId, string key, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of a customer's entries, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="beforeSequence">Return entries whose sequence is below this one; <see langword="null"/> for the newest.</param>
    /// <param name="limit">The largest number of entries to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> entries in descending sequence; empty when none.</returns>
    Task<IReadOnlyList<PointsEntry>> GetEntriesAsync(CustomerId customerId, long? beforeSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Sums the points a customer earned in a period, net of reversals of those earnings.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="from">The start (inclusive), compared with <see cref="PointsEntry.EarnedAt"/>.</param>
    /// <param name="to">The end (inclusive).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The sum of the points of the <see cref="PointsEntryKind.Earn"/>, <see cref="PointsEntryKind.EventAward"/> and <see cref="PointsEntryKind.Reversal"/> entries earned in the period; zero when none.</returns>
    Task<PointAmount> GetEarnedAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of the customers that hold open lots expired by an instant, for the expiry job.</summary>
    /// <param name="asOf">Lots whose <see cref="PointsLot.ExpiresAt"/> is at or before this instant count.</param>
    /// <param name="after">Return customers whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of ids to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Up to <paramref name="limit"/> distinct ids in ascending ordinal order; empty when there are no more.</returns>
    Task<IReadOnlyList<CustomerId>> ListExpiringAsync(Instant asOf, CustomerId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Sums the positive balances of all accounts: the points the programme owes its customers.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The sum of <see cref="PointsAccount.Balance"/> over accounts whose balance is above zero; zero when none.</returns>
    Task<PointAmount> GetOutstandingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the free text of a customer's ledger: the <see cref="PointsEntry.Reason"/> of each
    /// <see cref="PointsEntryKind.Adjustment"/> and <see cref="PointsEntryKind.Redemption"/> entry (typed by people: an
    /// operator's reason, a redemption's note) becomes <see cref="PointsEntry.ErasedReason"/> with
    /// <see cref="PointsEntry.ReasonErasedAt"/> set; the points, kinds, keys, operators, instants, lots and the account stay,
    /// so balances and reports do not change. Entries erased before stay erased at their first instant.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="erasedAt">The erasure instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many entries had their reason erased now (0 on a repeat, and for another customer's entries never).</returns>
    /// <remarks>Earn, reversal, expiry and event entries keep their reasons: the library writes them from rule and event names.</remarks>
    Task<int> EraseCustomerTextAsync(CustomerId customerId, Instant erasedAt, CancellationToken cancellationToken = default);
}
