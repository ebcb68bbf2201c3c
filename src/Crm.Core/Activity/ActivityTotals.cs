namespace Crm;

/// <summary>A customer's purchases in a period: see <see cref="IActivityStore.GetTotalsAsync"/>.</summary>
/// <param name="PurchaseCount">The number of purchases made in the period.</param>
/// <param name="NetSpend">What they were paid, less what of them was refunded by the period's end.</param>
public readonly record struct ActivityTotals(int PurchaseCount, Money NetSpend);
