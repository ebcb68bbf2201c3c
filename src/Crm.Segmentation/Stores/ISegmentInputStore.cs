using NodaTime;

namespace Crm.Segmentation;

/// <summary>
/// An optional capability of a storage adapter: computing RFM inputs of the population in the database, in one aggregate query per
/// page, instead of reading every customer's full metrics. <see cref="SegmentationManager"/> uses it when registered
/// (<see cref="SegmentationManager.SupportsRfmPushDown"/>) and otherwise computes the same values from <see cref="IActivityStore.ListMetricsAsync"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.SegmentInputStoreConformanceTests</c> checks that the results equal the computation from metrics.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads at once.</threadsafety>
public interface ISegmentInputStore
{
    /// <summary>Reads a page of every customer's RFM inputs.</summary>
    /// <param name="after">Return customers whose id sorts after this one (ordinal); <see langword="null"/> for the start.</param>
    /// <param name="limit">The largest number of customers to return, at least 1.</param>
    /// <param name="firstMonth">The first month of the window, inclusive.</param>
    /// <param name="lastMonth">The last month of the window, inclusive.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// Up to <paramref name="limit"/> inputs, one per customer with metrics, in ascending ordinal order of customer id; frequency and monetary are
    /// <see cref="CustomerMetrics.PurchasesBetween"/> and <see cref="CustomerMetrics.SpendBetween"/> of the window. Empty when there are no more.
    /// </returns>
    Task<IReadOnlyList<RfmInput>> ListRfmInputsAsync(CustomerId? after, int limit, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken = default);
}
