using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// The redemption budget <see cref="ICouponStore.UpdateAsync"/> checks atomically when a write makes a coupon hold a place in it
/// (reserved for a checkout, or redeemed): redemptions plus reservations unexpired at <see cref="Now"/>, after the write,
/// may not exceed <see cref="MaxRedeemed"/>.
/// </summary>
/// <param name="MaxRedeemed">The template's redemption budget (<see cref="CouponBudget.MaxRedeemed"/>).</param>
/// <param name="Now">The instant the reservations are counted at: one whose <see cref="Coupon.ReservedUntil"/> is after it holds a place; a lapsed one does not.</param>
public sealed record CouponBudgetCheck(int MaxRedeemed, Instant Now);
