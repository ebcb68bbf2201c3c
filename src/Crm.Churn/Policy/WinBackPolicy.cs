namespace Crm.Churn;

/// <summary>The win-back actions, the cool-down between them and the window in which a purchase counts as won back.</summary>
public sealed class WinBackPolicy
{
    /// <summary>Gets the actions, at most one per level; empty for none.</summary>
    public IReadOnlyList<WinBackAction> Actions { get; init; } = [];

    /// <summary>Gets the fewest days between two actions for one customer (across episodes), so nobody is spammed.</summary>
    /// <value>The default value is 30 days.</value>
    public int CoolDownDays { get; init; } = 30;

    /// <summary>Gets the days after the first action within which a purchase marks the customer won back.</summary>
    /// <value>The default value is 30 days.</value>
    public int WonBackWithinDays { get; init; } = 30;
}
