using NodaTime;

namespace Crm.Feedback;

/// <summary>One action on a complaint ticket, kept in its history; the host's <see cref="ActionId"/> makes a repeated action a replay.</summary>
/// <param name="ActionId">The host's id of the action (a key), unique within the ticket.</param>
/// <param name="Action">What was done.</param>
/// <param name="At">When, by the manager's clock.</param>
/// <param name="StaffId">Who did it.</param>
/// <param name="Resolution">The resolution, for <see cref="TicketAction.Resolve"/>; otherwise <see langword="null"/>.</param>
public sealed record TicketTransition(string ActionId, TicketAction Action, Instant At, string StaffId, TicketResolution? Resolution = null);
