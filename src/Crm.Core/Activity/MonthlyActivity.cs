using NodaTime;

namespace Crm;

/// <summary>A customer's purchases in one local month (programme time zone).</summary>
/// <param name="Month">The month.</param>
/// <param name="PurchaseCount">The number of purchases made in the month.</param>
/// <param name="NetSpend">What was paid for those purchases less what of them was refunded (whenever the refund happened).</param>
public readonly record struct MonthlyActivity(YearMonth Month, int PurchaseCount, Money NetSpend);
