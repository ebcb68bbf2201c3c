namespace Crm.Feedback;

/// <summary>The outcome of an action on a complaint ticket: a business "yes" or "no".</summary>
/// <param name="Succeeded"><see langword="true"/> when the action took effect (now or, for a replay, before).</param>
/// <param name="Ticket">The ticket as it is now.</param>
/// <param name="WasReplay"><see langword="true"/> when the action id had been applied and nothing was written.</param>
/// <param name="ErrorCode">Why the action did not take effect (<see cref="FeedbackErrorCodes.TicketState"/>, <see cref="FeedbackErrorCodes.RemedyCouponRefused"/>), or <see langword="null"/>.</param>
/// <param name="Reason">A message for the error, or <see langword="null"/>.</param>
public sealed record TicketTransitionResult(bool Succeeded, ComplaintTicket Ticket, bool WasReplay, string? ErrorCode, string? Reason);
