using NodaTime;

namespace Crm.Churn;

/// <summary>Feedback the host reports about a customer (a complaint, a bad review); unresolved negative feedback raises churn risk.</summary>
public sealed record ChurnFeedback
{
    /// <summary>Gets the host's id of the feedback; recording is idempotent by it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets when the feedback was given.</summary>
    public required Instant ReportedAt { get; init; }

    /// <summary>Gets a value indicating whether the feedback is negative (a complaint); only negative feedback is a signal.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IsNegative { get; init; } = true;

    /// <summary>Gets a short note for staff, or <see langword="null"/>.</summary>
    public string? Note { get; init; }

    /// <summary>Gets when the feedback was resolved, or <see langword="null"/> while it is open.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets when <see cref="Note"/> was erased with the customer's personal data (the note is then <see langword="null"/>), or <see langword="null"/>.</summary>
    public Instant? NoteErasedAt { get; init; }
}
