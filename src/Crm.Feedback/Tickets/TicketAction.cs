namespace Crm.Feedback;

/// <summary>What was done to a complaint ticket.</summary>
public enum TicketAction
{
    /// <summary>Acknowledged (from open).</summary>
    Acknowledge = 1,

    /// <summary>Resolved with a remedy (from open or acknowledged).</summary>
    Resolve = 2,

    /// <summary>Closed (from any status but closed).</summary>
    Close = 3,

    /// <summary>Reopened (from resolved or closed); the resolve SLA runs again from the reopening.</summary>
    Reopen = 4,
}
