using NodaTime;

namespace Crm.Feedback;

/// <summary>What a feedback report covers: a range of local dates in the programme's time zone, optionally one store, and the period it groups by.</summary>
public sealed record FeedbackReportRequest
{
    /// <summary>Gets the first day (inclusive).</summary>
    public required LocalDate From { get; init; }

    /// <summary>Gets the last day (inclusive).</summary>
    public required LocalDate To { get; init; }

    /// <summary>Gets the store (a key), or <see langword="null"/> for every store.</summary>
    public string? StoreId { get; init; }

    /// <summary>Gets the period rows are grouped by.</summary>
    /// <value>The default value is <see cref="ReportPeriod.Month"/>.</value>
    public ReportPeriod Period { get; init; } = ReportPeriod.Month;
}
