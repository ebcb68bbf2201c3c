using NodaTime;

namespace Crm.Samples;

/// <summary>The sample's clock: set to each order's instant as the simulated days go by, so runs are repeatable.</summary>
internal sealed class SampleClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;
}
