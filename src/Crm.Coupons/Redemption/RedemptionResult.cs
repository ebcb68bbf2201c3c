using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Coupons;

/// <summary>The outcome of <see cref="CouponManager.ReserveAsync"/>, <see cref="CouponManager.ConfirmAsync"/> or <see cref="CouponManager.ReleaseAsync"/>: a business "yes" or "no".</summary>
public sealed record RedemptionResult
{
    /// <summary>Gets what happened.</summary>
    public required RedemptionStatus Status { get; init; }

    /// <summary>Gets the coupon as stored after the operation, or <see langword="null"/> when none was found or it is another customer's (<see cref="RedemptionStatus.OtherCustomer"/>).</summary>
    public Coupon? Coupon { get; init; }

    /// <summary>Gets a value indicating whether the operation holds (done now or earlier with the same key).</summary>
    public bool Succeeded => Status is RedemptionStatus.Succeeded or RedemptionStatus.Replayed;

    /// <summary>Gets a value indicating whether the operation had been done before with the same key and nothing changed.</summary>
    public bool IsReplay => Status == RedemptionStatus.Replayed;

    /// <summary>
    /// Gets why the operation was refused, with the stable codes of <see cref="CouponReasonCodes"/>: every term the recorded
    /// purchase does not meet for <see cref="RedemptionStatus.TermsNotMet"/> (as <see cref="CouponManager.EvaluateAsync"/>
    /// words them), <see cref="CouponReasonCodes.OtherCustomer"/> for <see cref="RedemptionStatus.OtherCustomer"/>;
    /// empty otherwise (<see cref="Status"/> says it).
    /// </summary>
    public IReadOnlyList<CouponReason> Reasons { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Status = {Status}, Coupon = {Coupon?.Id}, Reasons = {ListText.Of(Reasons)}");
        return true;
    }
}
