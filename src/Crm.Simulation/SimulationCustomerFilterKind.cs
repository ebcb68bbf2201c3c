namespace Crm.Simulation;

/// <summary>Which customers a simulation replays.</summary>
public enum SimulationCustomerFilterKind
{
    /// <summary>Every customer of the journal.</summary>
    All = 0,

    /// <summary>The customers listed in <see cref="SimulationCustomers.CustomerIds"/>.</summary>
    Explicit = 1,

    /// <summary>A deterministic sample: each customer is in it when a hash of its id and <see cref="SimulationCustomers.Seed"/> falls below <see cref="SimulationCustomers.Fraction"/>.</summary>
    Sample = 2,

    /// <summary>The customers the host's segmentation places in <see cref="SimulationCustomers.Segment"/> when the simulation starts.</summary>
    Segment = 3,
}
