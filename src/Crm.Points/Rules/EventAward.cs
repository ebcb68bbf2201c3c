namespace Crm.Points;

/// <summary>A fixed award for an event the host reports (sign-up, profile completed, review written), with a per-customer limit.</summary>
public sealed class EventAward
{
    /// <summary>Gets the event's name, such as <c>signUp</c>; the host reports events by it (ordinal, case-sensitive).</summary>
    public required string Event { get; init; }

    /// <summary>Gets the points awarded each time (1 to 1,000,000).</summary>
    public required long Points { get; init; }

    /// <summary>Gets how many times one customer may be awarded for the event.</summary>
    /// <value>The default value is 1.</value>
    public int PerCustomerLimit { get; init; } = 1;
}
