using NodaTime;

namespace Crm.Feedback;

/// <summary>One action on a complaint ticket, kept in its history; the host's <see cref="ActionId"/> makes a repeated action a replay.</summary>
public sealed record TicketTransition
{
    /// <summary>Gets the host's id of the action (a key), unique within the ticket.</summary>
    public required string ActionId { get; init; }

    /// <summary>Gets what was done.</summary>
    public required TicketAction Action { get; init; }

    /// <summary>Gets when it was done, by the manager's clock.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets who did it.</summary>
    public required string StaffId { get; init; }

    /// <summary>Gets the resolution, for <see cref="TicketAction.Resolve"/>; otherwise <see langword="null"/>.</summary>
    public TicketResolution? Resolution { get; init; }
}
