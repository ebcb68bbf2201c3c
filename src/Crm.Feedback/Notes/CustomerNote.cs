using NodaTime;

namespace Crm.Feedback;

/// <summary>A staff note on a customer.</summary>
/// <remarks><see cref="Text"/> is personal data: <see cref="FeedbackManager.EraseCustomerPersonalDataAsync"/> removes it and keeps the rest.</remarks>
public sealed record CustomerNote
{
    /// <summary>Gets the host's id of the note (a key).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the staff member who wrote it (a key).</summary>
    public required string AuthorId { get; init; }

    /// <summary>Gets when it was written, by the manager's clock.</summary>
    public Instant WrittenAt { get; init; }

    /// <summary>Gets the text, 1 to <see cref="FeedbackManager.MaxTextLength"/> characters; <see langword="null"/> once erased. Personal data.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the instant the text was erased, or <see langword="null"/>.</summary>
    public Instant? TextErasedAt { get; init; }
}
