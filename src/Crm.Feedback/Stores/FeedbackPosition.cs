using NodaTime;

namespace Crm.Feedback;

/// <summary>A position in a list of feedback records ordered by time then id (ordinal), for keyset paging.</summary>
/// <param name="At">The record's time.</param>
/// <param name="Id">The record's id.</param>
public readonly record struct FeedbackPosition(Instant At, string Id);
