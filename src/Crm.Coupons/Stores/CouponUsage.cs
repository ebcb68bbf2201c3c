namespace Crm.Coupons;

/// <summary>A template's usage counters.</summary>
/// <param name="TemplateId">The template's id.</param>
/// <param name="Issued">Coupons issued.</param>
/// <param name="Redeemed">Coupons redeemed, net of restores.</param>
public sealed record CouponUsage(string TemplateId, long Issued, long Redeemed)
{
    /// <summary>
    /// Gets the coupons reserved for a checkout whose reservation had not lapsed at the instant asked for
    /// (<see cref="ICouponStore.GetUsageAtAsync"/>); 0 from
    /// <see cref="ICouponStore.GetUsageAsync"/>, which is given no instant.
    /// </summary>
    public long Reserved { get; init; }

    /// <summary>Gets the places of the redemption budget taken: <see cref="Redeemed"/> plus <see cref="Reserved"/>.</summary>
    public long Held => checked(Redeemed + Reserved);
}
