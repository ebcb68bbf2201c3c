namespace Crm.Churn;

/// <summary>A win-back action that runs when a customer reaches a level.</summary>
public sealed class WinBackAction
{
    /// <summary>Gets the level that triggers the action (not <see cref="ChurnLevel.None"/>); at most one action per level.</summary>
    public required ChurnLevel Level { get; init; }

    /// <summary>Gets what the action does.</summary>
    public required WinBackActionKind Kind { get; init; }

    /// <summary>Gets the coupon template to issue; required for <see cref="WinBackActionKind.Coupon"/>.</summary>
    public string? CouponTemplateId { get; init; }

    /// <summary>Gets the host's message template, or <see langword="null"/>.</summary>
    public string? MessageTemplateId { get; init; }

    /// <summary>Gets the channels the action may use, in JSON as <c>"sms, app"</c>; it runs only on those the customer consented to, and not at all without one.</summary>
    public required ContactChannels Channels { get; init; }
}
