using NodaTime;

namespace Crm.Feedback;

/// <summary>A purchase to decide a survey invitation for, with <see cref="FeedbackManager.InviteAfterPurchaseAsync"/>.</summary>
public sealed record SurveyInvitationRequest
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the host's purchase id (a key); the purchase earns at most one invitation, whose id is derived from it.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the store of the purchase (a key).</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the purchase's sales channel.</summary>
    public required SalesChannel SalesChannel { get; init; }

    /// <summary>Gets when the purchase was made; the frequency cap counts back from here.</summary>
    public required Instant PurchasedAt { get; init; }
}
