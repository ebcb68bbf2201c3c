namespace Crm;

/// <summary>The outcome of <see cref="ICouponIssuer.IssueCouponAsync"/>: a business "yes" or "no", never an exception for a budget that ran out.</summary>
public sealed record CouponIssueResult
{
    /// <summary>Gets a value that is <see langword="true"/> when the customer holds the coupon (issued now or, for a repeated key, earlier).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Gets the coupon's id when <see cref="Succeeded"/>; otherwise <see langword="null"/>.</summary>
    public string? CouponId { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the idempotency key had been used and nothing new was issued.</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets why nothing was issued (a budget or per-customer cap reached, an unknown template), or <see langword="null"/>.</summary>
    public string? Reason { get; init; }
}
