namespace Crm.Coupons;

/// <summary>The outcome of <see cref="CouponManager.ReserveAsync"/>, <see cref="CouponManager.ConfirmAsync"/> or <see cref="CouponManager.ReleaseAsync"/>: a business "yes" or "no".</summary>
/// <param name="Status">What happened.</param>
/// <param name="Coupon">The coupon as stored after the operation, or <see langword="null"/> when none was found.</param>
public sealed record RedemptionResult(RedemptionStatus Status, Coupon? Coupon)
{
    /// <summary>Gets a value indicating whether the operation holds (done now or earlier with the same key).</summary>
    public bool Succeeded => Status is RedemptionStatus.Succeeded or RedemptionStatus.AlreadyDone;
}
