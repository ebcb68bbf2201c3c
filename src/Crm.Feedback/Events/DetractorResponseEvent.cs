using NodaTime;

namespace Crm.Feedback;

/// <summary>A known customer answered a survey with an NPS of 0 to 6; the host may have the store call them back.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="OccurredAt">When they responded.</param>
/// <param name="EventId"><c>detractor:</c> and the response id.</param>
/// <param name="Response">The response.</param>
public sealed record DetractorResponseEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, SurveyResponse Response) : CrmEvent(CustomerId, OccurredAt, EventId);
