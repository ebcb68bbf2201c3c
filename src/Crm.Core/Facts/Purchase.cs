using NodaTime;

namespace Crm;

/// <summary>
/// A purchase fact the host hands to <see cref="CrmManager.RecordPurchaseAsync"/>.
/// </summary>
/// <remarks>
/// <see cref="Id"/> is the idempotency key: recording a purchase id a second time changes nothing and says so.
/// The manager validates the whole purchase before anything is written; see <see cref="CrmErrorCodes"/> for the
/// <c>purchase.*</c> codes.
/// </remarks>
public sealed class Purchase
{
    /// <summary>Gets the host's purchase (order) id, unique across the programme.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer who made the purchase.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the host's id of the store the purchase belongs to.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the channel of the purchase.</summary>
    /// <value>The default value is <see cref="SalesChannel.InStore"/>.</value>
    public SalesChannel Channel { get; init; }

    /// <summary>Gets the instant the purchase was paid.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the lines; at least one, with distinct line ids.</summary>
    public required IReadOnlyList<PurchaseLine> Lines { get; init; }

    /// <summary>Gets what the customer paid: the lines' net amounts minus any order-level discounts (coupons). Never more than the lines' net sum.</summary>
    public required Money PaidTotal { get; init; }
}
