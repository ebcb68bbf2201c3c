using Crm.Coupons;
using NodaTime;

namespace Crm.Samples.TillService.Contracts;

/// <summary>A basket to price with the customer's coupons (and any codes typed at the till).</summary>
public sealed class EvaluateCouponsRequest
{
    public required string CustomerId { get; init; }

    public required string StoreId { get; init; }

    public SalesChannel Channel { get; init; } = SalesChannel.InStore;

    public required IReadOnlyList<PurchaseLine> Lines { get; init; }

    public Money? DeliveryFee { get; init; }

    /// <summary>Shared promo codes or coupon codes typed at the till.</summary>
    public IReadOnlyList<string>? Codes { get; init; }

    /// <summary>The checkout's key (the purchase id to be): coupons reserved under it count as the customer's own.</summary>
    public string? ReservationKey { get; init; }

    internal CouponBasket ToBasket() => new()
    {
        Lines = Lines,
        StoreId = StoreId,
        Channel = Channel,
        DeliveryFee = DeliveryFee,
        ReservationKey = ReservationKey,
    };
}

/// <summary>What each coupon would save on the basket, or why it does not apply, and the best combination.</summary>
public sealed record CouponEvaluationResponse
{
    public required CouponCombinationView Best { get; init; }

    public required IReadOnlyList<CouponView> Coupons { get; init; }

    internal static CouponEvaluationResponse From(BasketEvaluation evaluation) => new()
    {
        Best = new CouponCombinationView
        {
            TotalDiscount = evaluation.Best.TotalDiscount,
            IsExact = evaluation.Best.IsExact,
            Coupons = [.. evaluation.Best.Coupons.Select(CouponView.From)],
            LeftOut = evaluation.Best.LeftOut,
        },
        Coupons = [.. evaluation.Coupons.Select(CouponView.From)],
    };
}

/// <summary>The best combination of coupons for the basket.</summary>
public sealed record CouponCombinationView
{
    public required Money TotalDiscount { get; init; }

    /// <summary>Gets a value indicating whether the combination is proven best (false: the best found in the time allowed).</summary>
    public required bool IsExact { get; init; }

    public required IReadOnlyList<CouponView> Coupons { get; init; }

    /// <summary>Gets the applicable coupons left out of the combination, by coupon id, with the reason.</summary>
    public required IReadOnlyDictionary<string, CouponReason> LeftOut { get; init; }
}

/// <summary>One coupon on the basket: its discount per line, or the reasons it does not apply.</summary>
public sealed record CouponView
{
    public required string CouponId { get; init; }

    public required string TemplateId { get; init; }

    public required CouponSource Source { get; init; }

    public required bool IsApplicable { get; init; }

    public required Money Discount { get; init; }

    public required IReadOnlyList<CouponLineDiscount> Lines { get; init; }

    public required IReadOnlyList<CouponReason> Reasons { get; init; }

    internal static CouponView From(CouponEvaluation coupon) => new()
    {
        CouponId = coupon.CouponId,
        TemplateId = coupon.TemplateId,
        Source = coupon.Source,
        IsApplicable = coupon.IsApplicable,
        Discount = coupon.Discount,
        Lines = coupon.Lines,
        Reasons = coupon.Reasons,
    };
}

/// <summary>Reserve (or release) one coupon for a checkout; the key is the purchase id, so recording the purchase confirms it.</summary>
public sealed class CouponReservationRequest
{
    public required string CustomerId { get; init; }

    /// <summary>The coupon id as the evaluation gives it (a coupon code, a promo code or an automatic promotion).</summary>
    public required string CouponId { get; init; }

    public required string ReservationKey { get; init; }
}

/// <summary>A reservation or release that went through; <see cref="IsReplay"/> when it had been done before under the same key.</summary>
public sealed record CouponReservationResponse
{
    public required string CouponId { get; init; }

    public required RedemptionStatus Result { get; init; }

    public required bool IsReplay { get; init; }

    public CouponStatus? CouponStatus { get; init; }

    public Instant? ReservedUntil { get; init; }

    internal static CouponReservationResponse From(string couponId, RedemptionResult result) => new()
    {
        CouponId = result.Coupon?.Id ?? couponId,
        Result = result.Status,
        IsReplay = result.IsReplay,
        CouponStatus = result.Coupon?.Status,
        ReservedUntil = result.Coupon?.ReservedUntil,
    };
}
