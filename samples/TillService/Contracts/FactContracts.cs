using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using NodaTime;

namespace Crm.Samples.TillService.Contracts;

/// <summary>A purchase as the till sends it: the library's <see cref="Purchase"/>, with the customer id as text (so a
/// malformed one gets the library's <c>customer.id_invalid</c>).</summary>
/// <remarks>The instant is part of the fact, so the till sends it: a retry after a timeout sends the same purchase,
/// instant included, and is a replay; were the service to stamp its own clock, the retry would be another purchase
/// under the same id (<c>purchase.id_reused</c>).</remarks>
public sealed class PurchaseRequest
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required string StoreId { get; init; }

    public SalesChannel Channel { get; init; } = SalesChannel.InStore;

    public required Instant OccurredAt { get; init; }

    public required IReadOnlyList<PurchaseLine> Lines { get; init; }

    public required Money PaidTotal { get; init; }

    internal Purchase ToPurchase() => new()
    {
        Id = Id,
        CustomerId = TillIds.Customer(CustomerId, "customerId"),
        StoreId = StoreId,
        Channel = Channel,
        OccurredAt = OccurredAt,
        Lines = Lines,
        PaidTotal = PaidTotal,
    };
}

/// <summary>A refund as the till sends it: lines (by the purchase's line ids) or an amount, and its instant (as for a purchase).</summary>
public sealed class RefundRequest
{
    public required string Id { get; init; }

    public required string PurchaseId { get; init; }

    public required Instant OccurredAt { get; init; }

    public IReadOnlyList<RefundLine>? Lines { get; init; }

    public Money? Amount { get; init; }

    internal Refund ToRefund() => new()
    {
        Id = Id,
        PurchaseId = PurchaseId,
        OccurredAt = OccurredAt,
        Lines = Lines,
        Amount = Amount,
    };
}

/// <summary>
/// What recording a purchase or a refund did. A replay (the same fact sent again, say after a timeout) gets the same
/// body with <see cref="IsReplay"/> set and status <c>replayed</c>, and HTTP 200 instead of 201.
/// </summary>
public sealed record RecordFactResponse
{
    public required string Id { get; init; }

    public required string PurchaseId { get; init; }

    public required RecordStatus Status { get; init; }

    public required bool IsReplay { get; init; }

    public required CustomerId CustomerId { get; init; }

    public required Money Amount { get; init; }

    public required Instant OccurredAt { get; init; }

    public required MetricsView Metrics { get; init; }

    public PointsView? Points { get; init; }

    public TierChangeView? Tier { get; init; }

    public CouponsView? Coupons { get; init; }

    internal static RecordFactResponse From(RecordPurchaseResult result)
    {
        var award = result.Points();
        var coupons = result.Coupons();
        return Common(result) with
        {
            Points = award is null ? null : new PointsView { Change = award.Points.Value, Explanation = [.. award.Explanation.Select(c => new PointsContribution { Rule = c.Rule, Points = c.Points.Value })] },
            Tier = TierChangeView.From(result.Membership()),
            Coupons = coupons is null ? null : new CouponsView
            {
                Confirmed = [.. coupons.Results.Where(r => r.Succeeded && r.Coupon is not null).Select(r => r.Coupon!.Id)],
                NotConfirmed = [.. coupons.NotConfirmed.Select(r => new CouponRefusal { CouponId = r.Coupon?.Id, Status = r.Status })],
                Issued = [.. coupons.NextOrder.Where(n => n.Result.Succeeded && n.Result.CouponId is not null).Select(n => n.Result.CouponId!)],
            },
        };
    }

    internal static RecordFactResponse From(RecordRefundResult result)
    {
        var reversal = result.Points();
        var coupons = result.Coupons();
        return Common(result) with
        {
            Points = reversal is null ? null : new PointsView { Change = -reversal.Points.Value, Debt = reversal.Debt.Value, Explanation = [] },
            Tier = TierChangeView.From(result.Membership()),
            Coupons = coupons is null ? null : new CouponsView
            {
                Confirmed = [],
                NotConfirmed = [],
                TakenBack = [.. coupons.TakenBack.Select(c => c.Id)],
                Issued = [],
            },
        };
    }

    private static RecordFactResponse Common(RecordResult result) => new()
    {
        Id = result.Entry.Id,
        PurchaseId = result.Entry.PurchaseId,
        Status = result.Status,
        IsReplay = result.IsReplay,
        CustomerId = result.Entry.CustomerId,
        Amount = result.Entry.Amount,
        OccurredAt = result.Entry.OccurredAt,
        Metrics = new MetricsView
        {
            PurchaseCount = result.Metrics.PurchaseCount,
            RefundCount = result.Metrics.RefundCount,
            NetSpend = result.Metrics.NetSpend,
            LastPurchaseAt = result.Metrics.LastPurchaseAt,
        },
    };
}
