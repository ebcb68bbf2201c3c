using Crm.Membership;

namespace Crm;

/// <summary>What the membership package did with a recorded fact, read from the front door's result.</summary>
public static class MembershipRecordResultExtensions
{
    /// <summary>Gets the tier after the purchase and any change it made.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</param>
    /// <returns>The outcome, or <see langword="null"/> when Crm.Membership is not installed.</returns>
    public static MembershipOutcome? Membership(this RecordPurchaseResult result) => Internal.Guard.NotNull(result).GetOutcome<MembershipOutcome>();

    /// <summary>Gets the change the refund made to the tier (an immediate downgrade, when the policy says so).</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordRefundAsync"/>.</param>
    /// <returns>The outcome, or <see langword="null"/> when the refund changed nothing or Crm.Membership is not installed.</returns>
    public static MembershipOutcome? Membership(this RecordRefundResult result) => Internal.Guard.NotNull(result).GetOutcome<MembershipOutcome>();
}
