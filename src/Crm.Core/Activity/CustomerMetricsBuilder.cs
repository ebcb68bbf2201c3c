using Crm.Internal;

namespace Crm;

/// <summary>
/// Keeps one customer's <see cref="CustomerMetrics"/> up to date in place, for a store that keeps metrics in memory:
/// <see cref="Apply"/> changes the values the same way <see cref="CustomerMetrics.Apply"/> does, and
/// <see cref="ToMetrics"/> takes an immutable snapshot when one is asked for.
/// </summary>
/// <remarks>
/// Why: a store that kept the <see cref="CustomerMetrics"/> of each append would keep one new object per entry until the
/// customer's next entry, by which time the garbage collector has copied it into an older generation. With many
/// customers that copying cost the purchase path more than the metrics themselves. A builder keeps the values in
/// place; its snapshots die young.
/// </remarks>
/// <threadsafety>Not thread-safe: a store uses each builder under its customer's lock. Snapshots are immutable.</threadsafety>
public sealed class CustomerMetricsBuilder
{
    // The categories are this builder's own copy, changed in place; the months are shared with snapshots (see State).
    private CustomerMetrics.State _state;

    /// <summary>Initializes a new instance of the <see cref="CustomerMetricsBuilder"/> class from a snapshot.</summary>
    /// <param name="metrics">Where to start: <see cref="CustomerMetrics.Empty"/> for a customer without activity.</param>
    public CustomerMetricsBuilder(CustomerMetrics metrics)
    {
        Guard.NotNull(metrics);
        CustomerId = metrics.CustomerId;
        _state = metrics.Values;
        _state.Categories = (CategorySpend[])_state.Categories.Clone();
    }

    /// <summary>Gets the customer.</summary>
    public CustomerId CustomerId { get; }

    /// <summary>Gets the version: the number of journal entries applied.</summary>
    public long Version => _state.Version;

    /// <summary>Applies one more journal entry.</summary>
    /// <param name="entry">The entry, of this customer and this currency.</param>
    /// <exception cref="ArgumentException">The entry belongs to another customer; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">The entry is in another currency; nothing changed.</exception>
    public void Apply(ActivityEntry entry) => _state.Apply(CustomerId, entry, ownsCategories: true);

    /// <summary>Takes a snapshot of the metrics.</summary>
    /// <returns>Immutable metrics; later calls to <see cref="Apply"/> do not change them.</returns>
    public CustomerMetrics ToMetrics()
    {
        var snapshot = _state;
        snapshot.Categories = (CategorySpend[])_state.Categories.Clone();
        return CustomerMetrics.FromValues(CustomerId, snapshot);
    }
}
