using NodaTime;

namespace Crm.Feedback;

/// <summary>NPS and CSAT of one store in one period.</summary>
public sealed record SatisfactionRow
{
    /// <summary>The store.</summary>
    public required string StoreId { get; init; }

    /// <summary>The first day of the period (the 1st of the month, or a Monday).</summary>
    public required LocalDate PeriodStart { get; init; }

    /// <summary>The responses in the group.</summary>
    public required int Responses { get; init; }

    /// <summary>The NPS, or <see langword="null"/> when fewer answers than the minimum group size gave one.</summary>
    public NpsScore? Nps { get; init; }

    /// <summary>The CSAT, or <see langword="null"/> when fewer answers than the minimum group size gave one.</summary>
    public CsatScore? Csat { get; init; }
}
