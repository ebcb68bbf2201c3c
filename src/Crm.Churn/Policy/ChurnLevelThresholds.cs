namespace Crm.Churn;

/// <summary>The score at which each level starts; each must be above the one before, within (0, 1].</summary>
public sealed class ChurnLevelThresholds
{
    /// <summary>Gets the score from which a customer is on <see cref="ChurnLevel.Watch"/>.</summary>
    /// <value>The default value is 0.3.</value>
    public double Watch { get; init; } = 0.3;

    /// <summary>Gets the score from which a customer is on <see cref="ChurnLevel.Warning"/>.</summary>
    /// <value>The default value is 0.5.</value>
    public double Warning { get; init; } = 0.5;

    /// <summary>Gets the score from which a customer is on <see cref="ChurnLevel.Critical"/>.</summary>
    /// <value>The default value is 0.75.</value>
    public double Critical { get; init; } = 0.75;

    /// <summary>Gets the level a score reaches.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The highest level whose threshold the score reaches.</returns>
    public ChurnLevel LevelOf(double score) =>
        score >= Critical ? ChurnLevel.Critical : score >= Warning ? ChurnLevel.Warning : score >= Watch ? ChurnLevel.Watch : ChurnLevel.None;
}
