using NodaTime;

namespace Crm.Feedback;

/// <summary>A complaint opened a ticket; the host may alert the store's manager.</summary>
/// <param name="CustomerId">The customer who complained.</param>
/// <param name="OccurredAt">When the complaint was heard.</param>
/// <param name="EventId"><c>ticket-opened:</c> and the ticket id.</param>
/// <param name="Ticket">The ticket as opened.</param>
public sealed record TicketOpenedEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, ComplaintTicket Ticket) : CrmEvent(CustomerId, OccurredAt, EventId);
