namespace Crm.Feedback;

/// <summary>Where a complaint ticket is: open → acknowledged → resolved → closed, and back to open when reopened.</summary>
public enum TicketStatus
{
    /// <summary>Opened (or reopened); nobody has acknowledged it yet since.</summary>
    Open = 1,

    /// <summary>Staff acknowledged it to the customer.</summary>
    Acknowledged = 2,

    /// <summary>Staff resolved it with a remedy.</summary>
    Resolved = 3,

    /// <summary>Closed; only a reopen changes it.</summary>
    Closed = 4,
}
