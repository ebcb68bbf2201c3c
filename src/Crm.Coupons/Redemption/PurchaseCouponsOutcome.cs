using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Coupons;

/// <summary>What the coupons handler did for a purchase: the reservations under the purchase id it confirmed, and the coupons it earned for a later order (reported in the front door's result).</summary>
/// <remarks>
/// A coupon the handler does not confirm does not fail the purchase: the purchase is a fact and is recorded; the coupon
/// is listed in <see cref="NotConfirmed"/> with its <see cref="RedemptionResult.Status"/> (such as
/// <see cref="RedemptionStatus.TermsNotMet"/> when the recorded purchase no longer meets its terms) and
/// <see cref="RedemptionResult.Reasons"/>, and stays as it was (reserved until its reservation lapses).
/// </remarks>
public sealed record PurchaseCouponsOutcome
{
    /// <summary>Gets the purchase.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets one result per coupon reserved (or redeemed) under the purchase id.</summary>
    public required IReadOnlyList<RedemptionResult> Results { get; init; }

    /// <summary>Gets the results of the coupons that were not redeemed for the purchase (neither now nor earlier), in the order of <see cref="Results"/>.</summary>
    public IReadOnlyList<RedemptionResult> NotConfirmed => [.. Results.Where(r => !r.Succeeded)];

    /// <summary>Gets the coupons the purchase earned for a later order, one per <see cref="NextOrderRule"/> it met; on a replay, those the first recording issued.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<NextOrderCoupon> NextOrder { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"PurchaseId = {PurchaseId}, Results = {ListText.Of(Results)}, NextOrder = {ListText.Of(NextOrder)}");
        return true;
    }
}
