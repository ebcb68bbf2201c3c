using NodaTime;

namespace Crm.Feedback;

/// <summary>NPS and CSAT of one store in one period.</summary>
public sealed record SatisfactionRow
{
    /// <summary>Gets the store.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the first day of the period (the 1st of the month, or a Monday).</summary>
    public required LocalDate PeriodStart { get; init; }

    /// <summary>Gets the responses in the group.</summary>
    public required int Responses { get; init; }

    /// <summary>Gets the NPS, or <see langword="null"/> when fewer answers than the minimum group size gave one.</summary>
    public NpsScore? Nps { get; init; }

    /// <summary>Gets the CSAT, or <see langword="null"/> when fewer answers than the minimum group size gave one.</summary>
    public CsatScore? Csat { get; init; }
}
