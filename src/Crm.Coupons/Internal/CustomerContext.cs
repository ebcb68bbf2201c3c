namespace Crm.Coupons.Internal;

/// <summary>What conditions need to know about the customer.</summary>
internal sealed record CustomerContext(CustomerId CustomerId, string? Tier, IReadOnlyCollection<string> Segments, int PurchaseCount);
