using NodaTime;

namespace Crm.Feedback;

/// <summary>An invitation to a survey, sent by the host on <see cref="Via"/>.</summary>
public sealed record SurveyInvitation
{
    /// <summary>Gets the invitation's id: <c>survey:</c> and the purchase id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer invited.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the purchase that earned it.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the store of the purchase.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the survey.</summary>
    public required string SurveyId { get; init; }

    /// <summary>Gets the rule that invited.</summary>
    public required string RuleName { get; init; }

    /// <summary>Gets the contact channel to send it on; the customer consented to it.</summary>
    public required ContactChannels Via { get; init; }

    /// <summary>Gets when the purchase was made (the instant the cap counts from).</summary>
    public required Instant InvitedAt { get; init; }
}
