using NodaTime;

namespace Crm.Feedback;

/// <summary>A purchase earned its customer a survey invitation; the host sends it on <see cref="SurveyInvitation.Via"/>.</summary>
/// <param name="CustomerId">The customer invited.</param>
/// <param name="OccurredAt">When the purchase was made.</param>
/// <param name="EventId"><c>survey-invited:</c> and the purchase id.</param>
/// <param name="Invitation">The invitation.</param>
public sealed record SurveyInvitedEvent(CustomerId CustomerId, Instant OccurredAt, string EventId, SurveyInvitation Invitation) : CrmEvent(CustomerId, OccurredAt, EventId);
