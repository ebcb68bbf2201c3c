using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Coupons;

/// <summary>What the coupons handler did for a refund: the coupons it gave back (a full refund, with <see cref="CouponsOptions.RestoreOnFullRefund"/>), and the next-order coupons it took back.</summary>
public sealed record RefundCouponsOutcome
{
    /// <summary>Gets the refund.</summary>
    public required string RefundId { get; init; }

    /// <summary>Gets one result per coupon the refunded purchase redeemed, when they were given back; else empty.</summary>
    public required IReadOnlyList<RedemptionResult> Results { get; init; }

    /// <summary>
    /// Gets the next-order coupons the purchase had earned and the refund took back, because what is left of the purchase
    /// no longer meets their rule and they were unused; their validity now ends at the refund.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<Coupon> TakenBack { get; init; } = [];

    /// <summary>Gets the next-order coupons whose rule what is left of the purchase no longer meets but which were already used (reserved or redeemed), so they stay.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<Coupon> KeptAsUsed { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"RefundId = {RefundId}, Results = {ListText.Of(Results)}, TakenBack = {ListText.Of(TakenBack.Select(c => c.Id))}, KeptAsUsed = {ListText.Of(KeptAsUsed.Select(c => c.Id))}");
        return true;
    }
}
