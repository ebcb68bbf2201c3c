using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// A coupon issued to a customer: single use, identified by its unique code.
/// </summary>
/// <remarks>Stores keep <see cref="Version"/>; every change is a versioned write (see <see cref="ICouponStore.UpdateAsync"/>).</remarks>
public sealed record Coupon
{
    /// <summary>Gets the coupon's unique code, which is also its id (such as <c>7KQ2M9XRT4HWPC3</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the coupon's template.</summary>
    public required string TemplateId { get; init; }

    /// <summary>Gets the customer who holds the coupon.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the coupon's status.</summary>
    public CouponStatus Status { get; init; }

    /// <summary>Gets why the coupon was issued.</summary>
    public required CouponIssueReason Reason { get; init; }

    /// <summary>Gets the idempotency key it was issued with.</summary>
    public required string IssueKey { get; init; }

    /// <summary>Gets when it was issued.</summary>
    public required Instant IssuedAt { get; init; }

    /// <summary>Gets the start of its validity (inclusive).</summary>
    public required Instant ValidFrom { get; init; }

    /// <summary>Gets the end of its validity (exclusive).</summary>
    public required Instant ValidTo { get; init; }

    /// <summary>Gets the key of the checkout holding it (while <see cref="CouponStatus.Reserved"/>), or <see langword="null"/>.</summary>
    public string? ReservationKey { get; init; }

    /// <summary>Gets when the reservation lapses, or <see langword="null"/>.</summary>
    public Instant? ReservedUntil { get; init; }

    /// <summary>Gets the key of the purchase that redeemed it (the purchase id), or <see langword="null"/>.</summary>
    public string? RedemptionKey { get; init; }

    /// <summary>Gets when it was redeemed, or <see langword="null"/>.</summary>
    public Instant? RedeemedAt { get; init; }

    /// <summary>Gets the stored version; 1 after issue, one more after every change.</summary>
    public long Version { get; init; }

    /// <summary>Determines whether the coupon is held for a checkout other than <paramref name="reservationKey"/> at <paramref name="now"/>.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="reservationKey">The caller's checkout key, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when another checkout holds an unexpired reservation.</returns>
    public bool IsReservedElsewhere(Instant now, string? reservationKey) =>
        Status == CouponStatus.Reserved && ReservedUntil > now && !string.Equals(ReservationKey, reservationKey, StringComparison.Ordinal);
}
