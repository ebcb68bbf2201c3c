namespace Crm;

/// <summary>What a unit of work is about, so an adapter can read it ahead: see <see cref="IStoreUnitOfWork.PrefetchAsync"/>.</summary>
public sealed class StorePrefetch
{
    /// <summary>Gets the customers whose records (metrics, profile, tier, points account, assessment) the unit will read.</summary>
    public IReadOnlyCollection<CustomerId> Customers { get; init; } = [];

    /// <summary>Gets the host's purchase ids the unit records or replays: their journal entries and the coupons reserved or redeemed under them.</summary>
    public IReadOnlyCollection<string> PurchaseIds { get; init; } = [];

    /// <summary>Gets the host's refund ids the unit records or replays: their journal entries.</summary>
    public IReadOnlyCollection<string> RefundIds { get; init; } = [];
}
