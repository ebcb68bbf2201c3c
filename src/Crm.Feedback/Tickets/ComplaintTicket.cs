using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// The ticket a complaint opens: its status, its SLA due instants and its history of actions. Versioned: the store saves it
/// only over the version it was read at.
/// </summary>
public sealed record ComplaintTicket
{
    /// <summary>Gets the ticket's id: the complaint's <see cref="ServiceInteraction.Id"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer who complained.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the store the complaint is about.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets what the complaint is about; the SLA is that category's.</summary>
    public required FeedbackCategory Category { get; init; }

    /// <summary>Gets the ticket's status.</summary>
    public required TicketStatus Status { get; init; }

    /// <summary>Gets when the complaint was heard (<see cref="ServiceInteraction.OccurredAt"/>).</summary>
    public required Instant OpenedAt { get; init; }

    /// <summary>Gets when it must be acknowledged by, counted in business hours in the programme's time zone.</summary>
    public required Instant AcknowledgeDueAt { get; init; }

    /// <summary>Gets when it must be resolved by, counted in business hours from the opening or the latest reopening.</summary>
    public required Instant ResolveDueAt { get; init; }

    /// <summary>Gets when it was first acknowledged (a resolution acknowledges an open ticket too), or <see langword="null"/>.</summary>
    public Instant? AcknowledgedAt { get; init; }

    /// <summary>Gets when it was resolved (the latest resolution), or <see langword="null"/> while it is not resolved.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets when it was closed, or <see langword="null"/> while it is not closed.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets the latest resolution, or <see langword="null"/> while it is not resolved.</summary>
    public TicketResolution? Resolution { get; init; }

    /// <summary>Gets how many times it was reopened.</summary>
    public int ReopenCount { get; init; }

    /// <summary>Gets every action, oldest first.</summary>
    public IReadOnlyList<TicketTransition> History { get; init; } = [];

    /// <summary>Gets the version the store holds: 1 when opened, one more after each action.</summary>
    /// <remarks>Set by the store.</remarks>
    public long Version { get; init; }

    /// <summary>Determines whether the ticket is past an SLA at an instant: not acknowledged by <see cref="AcknowledgeDueAt"/>, or not resolved (or closed) by <see cref="ResolveDueAt"/>.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns>The stage breached first, or <see langword="null"/> when none is.</returns>
    public SlaStage? BreachedAt(Instant asOf)
    {
        var acknowledgedBy = AcknowledgedAt ?? ResolvedAt ?? ClosedAt;
        if (acknowledgedBy is { } a ? a > AcknowledgeDueAt : asOf > AcknowledgeDueAt)
        {
            return SlaStage.Acknowledge;
        }

        var done = Status is TicketStatus.Resolved or TicketStatus.Closed ? ResolvedAt ?? ClosedAt : null;
        return (done is { } d ? d > ResolveDueAt : asOf > ResolveDueAt) ? SlaStage.Resolve : null;
    }
}
