namespace Crm.Coupons.Internal;

/// <summary>What conditions and scopes need to know about the customer.</summary>
internal sealed record CustomerContext(CustomerId CustomerId, string? Tier, IReadOnlyCollection<string> Segments, int PurchaseCount)
{
    /// <summary>Gets the SKUs and categories recommended to the customer, for scopes with <see cref="CouponScope.RecommendedOnly"/>; read only when a candidate has one.</summary>
    public IReadOnlyCollection<string> Recommended { get; init; } = [];
}
