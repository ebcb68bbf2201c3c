namespace Crm.Simulation;

/// <summary>The customers a simulation replays: all, an explicit list, a seeded sample or a segment.</summary>
/// <remarks>A customer is in or out for the whole replay, before and during the period, so its state at the start of the period is complete.</remarks>
public sealed class SimulationCustomers
{
    private SimulationCustomers(SimulationCustomerFilterKind kind, IReadOnlyCollection<CustomerId> customerIds, double fraction, int seed, string? segment)
    {
        Kind = kind;
        CustomerIds = customerIds;
        Fraction = fraction;
        Seed = seed;
        Segment = segment;
    }

    /// <summary>Gets the filter that keeps every customer.</summary>
    public static SimulationCustomers All { get; } = new(SimulationCustomerFilterKind.All, [], 1d, 0, null);

    /// <summary>Gets the kind of filter.</summary>
    public SimulationCustomerFilterKind Kind { get; }

    /// <summary>Gets the customers of an <see cref="SimulationCustomerFilterKind.Explicit"/> filter; empty otherwise.</summary>
    public IReadOnlyCollection<CustomerId> CustomerIds { get; }

    /// <summary>Gets the share of customers a <see cref="SimulationCustomerFilterKind.Sample"/> keeps, in (0, 1]; 1 otherwise.</summary>
    public double Fraction { get; }

    /// <summary>Gets the seed of a <see cref="SimulationCustomerFilterKind.Sample"/>; the same seed keeps the same customers.</summary>
    public int Seed { get; }

    /// <summary>Gets the segment of a <see cref="SimulationCustomerFilterKind.Segment"/> filter; <see langword="null"/> otherwise.</summary>
    public string? Segment { get; }

    /// <summary>Creates a filter that keeps the listed customers.</summary>
    /// <param name="customerIds">The customers.</param>
    /// <returns>The filter.</returns>
    public static SimulationCustomers Explicit(IEnumerable<CustomerId> customerIds)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        return new(SimulationCustomerFilterKind.Explicit, customerIds.ToHashSet(), 1d, 0, null);
    }

    /// <summary>Creates a filter that keeps a deterministic sample of the customers.</summary>
    /// <param name="fraction">The share to keep, in (0, 1].</param>
    /// <param name="seed">The seed; the same seed and fraction keep the same customers on every run and machine.</param>
    /// <returns>The filter.</returns>
    public static SimulationCustomers Sample(double fraction, int seed) => new(SimulationCustomerFilterKind.Sample, [], fraction, seed, null);

    /// <summary>Creates a filter that keeps the customers the host's segmentation places in a segment.</summary>
    /// <param name="segment">The segment's name.</param>
    /// <returns>The filter.</returns>
    public static SimulationCustomers InSegment(string segment) => new(SimulationCustomerFilterKind.Segment, [], 1d, 0, segment);
}
