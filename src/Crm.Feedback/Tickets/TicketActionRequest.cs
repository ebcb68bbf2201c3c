namespace Crm.Feedback;

/// <summary>An action on a complaint ticket: acknowledge, close or reopen (resolve takes a <see cref="ResolveTicketRequest"/>).</summary>
public sealed record TicketActionRequest
{
    /// <summary>Gets the ticket's id.</summary>
    public required string TicketId { get; init; }

    /// <summary>Gets the host's id of the action (a key); the same action again with the same id is a replay.</summary>
    public required string ActionId { get; init; }

    /// <summary>Gets the staff member who acts (a key).</summary>
    public required string StaffId { get; init; }
}
