using NodaTime;

namespace Crm.Membership;

/// <summary>
/// A member's tier record: the earned tier, when it was reached, the next review, a running grace period and a staff override.
/// </summary>
public sealed record MemberState
{
    /// <summary>Gets the member.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the earned tier (before any override).</summary>
    public required string Tier { get; init; }

    /// <summary>Gets when the earned tier was reached.</summary>
    public required Instant ReachedAt { get; init; }

    /// <summary>Gets when the earned tier is next reviewed, or <see langword="null"/> when it never is (the entry tier, or no review schedule).</summary>
    public Instant? ReviewAt { get; init; }

    /// <summary>Gets the end of a running grace period (the member keeps the tier until then to requalify), or <see langword="null"/>.</summary>
    public Instant? GraceUntil { get; init; }

    /// <summary>Gets the staff override, or <see langword="null"/>.</summary>
    public TierOverride? Override { get; init; }

    /// <summary>Gets the version the store holds: 1 after creation, one more after each save.</summary>
    public long Version { get; init; }

    /// <summary>Gets the tier in force at an instant: the override while it lasts, else the earned tier.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The tier's name.</returns>
    public string EffectiveTier(Instant now) => Override is { } o && now < o.ExpiresAt ? o.Tier : Tier;
}
