using NodaTime;

namespace Crm.Churn;

/// <summary>
/// One stretch during which a customer was at risk: it starts when an assessment first reaches a level and ends at their
/// next purchase. Win-back actions run at most once per level per episode.
/// </summary>
public sealed record ChurnEpisode
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the episode's number for this customer, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>Gets when the episode started.</summary>
    public required Instant StartedAt { get; init; }

    /// <summary>Gets the highest level reached in the episode.</summary>
    public required ChurnLevel HighestLevel { get; init; }

    /// <summary>Gets the levels whose win-back action ran in this episode, lowest first.</summary>
    public IReadOnlyList<ChurnLevel> ActedLevels { get; init; } = [];

    /// <summary>Gets when the first win-back action ran, or <see langword="null"/>.</summary>
    public Instant? FirstActionAt { get; init; }

    /// <summary>Gets when the latest win-back action ran, or <see langword="null"/>; the cool-down counts from it.</summary>
    public Instant? LastActionAt { get; init; }

    /// <summary>Gets when the episode ended (the purchase's instant), or <see langword="null"/> while open.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>Gets how the episode ended.</summary>
    public ChurnEpisodeOutcome Outcome { get; init; }

    /// <summary>Gets the version the store assigned; 0 before the first save.</summary>
    public long Version { get; init; }

    /// <summary>Gets a value indicating whether the episode is still open.</summary>
    public bool IsOpen => Outcome == ChurnEpisodeOutcome.Open;
}
