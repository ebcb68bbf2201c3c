using NodaTime;

namespace Crm.Feedback;

/// <summary>NPS and CSAT of one store in one period.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="PeriodStart">The first day of the period (the 1st of the month, or a Monday).</param>
/// <param name="Responses">The responses in the group.</param>
/// <param name="Nps">The NPS, or <see langword="null"/> when fewer answers than the minimum group size gave one.</param>
/// <param name="Csat">The CSAT, or <see langword="null"/> when fewer answers than the minimum group size gave one.</param>
public sealed record SatisfactionRow(string StoreId, LocalDate PeriodStart, int Responses, NpsScore? Nps, CsatScore? Csat);
