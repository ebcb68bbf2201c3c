using NodaTime;

namespace Crm.Feedback;

/// <summary>A complaint ticket past an SLA.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Stage">The SLA breached first.</param>
/// <param name="DueAt">When that stage was due.</param>
public sealed record SlaBreach(ComplaintTicket Ticket, SlaStage Stage, Instant DueAt);
