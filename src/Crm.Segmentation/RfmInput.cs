using NodaTime;

namespace Crm.Segmentation;

/// <summary>A customer's RFM inputs for one window, as <see cref="ISegmentInputStore"/> computes them in the database.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="FirstPurchaseAt">The first purchase, if any.</param>
/// <param name="LastPurchaseAt">The last purchase, if any.</param>
/// <param name="Frequency">Purchases in the window's months.</param>
/// <param name="Monetary">Net spend of the window's months.</param>
public sealed record RfmInput(CustomerId CustomerId, Instant? FirstPurchaseAt, Instant? LastPurchaseAt, int Frequency, Money Monetary);
