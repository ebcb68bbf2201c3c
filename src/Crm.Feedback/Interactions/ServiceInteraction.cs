using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// One service interaction with a customer: a complaint, an inquiry, praise, a suggestion or a return visit, as the host
/// records it. Recorded with <see cref="FeedbackManager.RecordInteractionAsync"/>, idempotently by <see cref="Id"/>.
/// </summary>
/// <remarks><see cref="Text"/> is personal data: <see cref="FeedbackManager.EraseCustomerPersonalDataAsync"/> removes it.</remarks>
public sealed record ServiceInteraction
{
    /// <summary>Gets the host's id of the interaction (a key); a complaint's ticket has the same id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets what the interaction is.</summary>
    public required InteractionKind Kind { get; init; }

    /// <summary>Gets what it is about.</summary>
    public required FeedbackCategory Category { get; init; }

    /// <summary>Gets where it reached the chain.</summary>
    public required FeedbackChannel Channel { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the store it is about (a key).</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the id of the staff member who took it or is named in it, or <see langword="null"/>.</summary>
    public string? StaffId { get; init; }

    /// <summary>Gets the host's id of the purchase it is about, or <see langword="null"/>.</summary>
    public string? PurchaseId { get; init; }

    /// <summary>Gets what the customer said, up to <see cref="FeedbackManager.MaxTextLength"/> characters, or <see langword="null"/>. Personal data.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the instant the chain heard it; a complaint's SLA runs from here.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the instant <see cref="Text"/> was erased with the customer's personal data, or <see langword="null"/>.</summary>
    public Instant? TextErasedAt { get; init; }
}
