using NodaTime;

namespace Crm.Simulation.Internal;

/// <summary>The replay's clock: set to each fact's instant before it is recorded, and to each job's instant before it runs. Never the wall clock.</summary>
internal sealed class SimulationClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;
}
