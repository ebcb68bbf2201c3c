namespace Crm.Churn;

/// <summary>The feedback signal: unresolved negative feedback. Its strength is 1 with one or more open complaints.</summary>
public sealed class FeedbackSignalSettings
{
    /// <summary>Gets the signal's weight, 0 to 1.</summary>
    /// <value>The default value is 0.5.</value>
    public double Weight { get; init; } = 0.5;
}
