using NodaTime;

namespace Crm.Benchmarks;

/// <summary>A clock that stands still, so that a benchmark's iterations all see the same instant.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
