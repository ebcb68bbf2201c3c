using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// A response to a survey: NPS (0 to 10), CSAT (1 to 5), ratings per question (1 to 5) and a comment; with or without an
/// invitation (a QR code at the till), with or without a known customer.
/// </summary>
/// <remarks><see cref="Comment"/> is personal data when the customer is known: <see cref="FeedbackManager.EraseCustomerPersonalDataAsync"/> removes it.</remarks>
public sealed record SurveyResponse
{
    /// <summary>Gets the host's id of the response (a key).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the survey (a key).</summary>
    public required string SurveyId { get; init; }

    /// <summary>Gets the store the response is about (a key).</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the customer, or <see langword="null"/> for an anonymous response.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>Gets the invitation answered, or <see langword="null"/>.</summary>
    public string? InvitationId { get; init; }

    /// <summary>Gets when the customer responded.</summary>
    public required Instant RespondedAt { get; init; }

    /// <summary>Gets the answer to "how likely are you to recommend us", 0 to 10, or <see langword="null"/>.</summary>
    public int? Nps { get; init; }

    /// <summary>Gets the satisfaction score, 1 to 5, or <see langword="null"/>.</summary>
    public int? Csat { get; init; }

    /// <summary>Gets the ratings per question (question keys, ordinal), each 1 to 5.</summary>
    public IReadOnlyDictionary<string, int> Ratings { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Gets the comment, up to <see cref="FeedbackManager.MaxTextLength"/> characters, or <see langword="null"/>. Personal data.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the instant the comment was erased, or <see langword="null"/>.</summary>
    public Instant? CommentErasedAt { get; init; }
}
