namespace Crm.Membership;

/// <summary>One rung of a tier ladder: its name, what qualifies for it and what it gives.</summary>
public sealed class TierDefinition
{
    /// <summary>Gets the tier's name, such as <c>gold</c>; unique within the policy.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the thresholds; the entry tier (the first) has none.</summary>
    public IReadOnlyList<TierThreshold> Thresholds { get; init; } = [];

    /// <summary>Gets how the thresholds combine.</summary>
    /// <value>The default value is <see cref="ThresholdMatch.Any"/>.</value>
    public ThresholdMatch Match { get; init; } = ThresholdMatch.Any;

    /// <summary>Gets the tier's benefits.</summary>
    public TierBenefits Benefits { get; init; } = new();
}
