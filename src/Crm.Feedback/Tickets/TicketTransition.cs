using NodaTime;

namespace Crm.Feedback;

/// <summary>One action on a complaint ticket, kept in its history; the host's <see cref="ActionId"/> makes a repeated action a replay.</summary>
public sealed record TicketTransition
{
    /// <summary>The host's id of the action (a key), unique within the ticket.</summary>
    public required string ActionId { get; init; }

    /// <summary>What was done.</summary>
    public required TicketAction Action { get; init; }

    /// <summary>When, by the manager's clock.</summary>
    public required Instant At { get; init; }

    /// <summary>Who did it.</summary>
    public required string StaffId { get; init; }

    /// <summary>The resolution, for <see cref="TicketAction.Resolve"/>; otherwise <see langword="null"/>.</summary>
    public TicketResolution? Resolution { get; init; }
}
