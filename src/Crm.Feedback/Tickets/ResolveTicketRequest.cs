namespace Crm.Feedback;

/// <summary>A resolution of a complaint ticket.</summary>
public sealed record ResolveTicketRequest
{
    /// <summary>Gets the ticket's id.</summary>
    public required string TicketId { get; init; }

    /// <summary>Gets the host's id of the action (a key); resolving again with the same id is a replay, and the coupon is issued once.</summary>
    public required string ActionId { get; init; }

    /// <summary>Gets the staff member who resolves it (a key).</summary>
    public required string StaffId { get; init; }

    /// <summary>Gets the resolution.</summary>
    public required TicketResolution Resolution { get; init; }
}
