using Crm.Coupons;
using Crm.Membership;
using NodaTime;

namespace Crm.Samples.TillService.Contracts;

/// <summary>The customer's totals after the fact.</summary>
public sealed record MetricsView
{
    public required int PurchaseCount { get; init; }

    public required int RefundCount { get; init; }

    public required Money NetSpend { get; init; }

    public Instant? LastPurchaseAt { get; init; }
}

/// <summary>Points the fact earned (positive) or took back (negative), with every rule that contributed.</summary>
public sealed record PointsView
{
    public required long Change { get; init; }

    /// <summary>Points a refund could not take back because they were spent already (kept as debt).</summary>
    public long Debt { get; init; }

    public required IReadOnlyList<PointsContribution> Explanation { get; init; }
}

/// <summary>One rule's share of the points.</summary>
public sealed record PointsContribution
{
    public required string Rule { get; init; }

    public required long Points { get; init; }
}

/// <summary>The tier before and after the fact, and why it changed.</summary>
public sealed record TierChangeView
{
    public required string Before { get; init; }

    public required string After { get; init; }

    public string? Explanation { get; init; }

    internal static TierChangeView? From(MembershipOutcome? outcome) => outcome is null
        ? null
        : new TierChangeView { Before = outcome.TierBefore, After = outcome.TierAfter, Explanation = outcome.Change?.Explanation };
}

/// <summary>Coupons the fact confirmed (reserved under the purchase id), refused, issued for the next order or took back.</summary>
public sealed record CouponsView
{
    public required IReadOnlyList<string> Confirmed { get; init; }

    public required IReadOnlyList<CouponRefusal> NotConfirmed { get; init; }

    public required IReadOnlyList<string> Issued { get; init; }

    public IReadOnlyList<string> TakenBack { get; init; } = [];
}

/// <summary>A coupon the purchase could not redeem, and why.</summary>
public sealed record CouponRefusal
{
    public string? CouponId { get; init; }

    public required RedemptionStatus Status { get; init; }
}
