using NodaTime;

namespace Crm.Testing.Fakes;

/// <summary>A settable clock for conformance tests (no dependency on NodaTime.Testing).</summary>
/// <param name="now">The instant the clock starts at.</param>
public sealed class TestClock(Instant now) : IClock
{
    private long _ticks = now.ToUnixTimeTicks();

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Moves the clock forward.</summary>
    /// <param name="duration">How far.</param>
    public void Advance(Duration duration) => Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
}
