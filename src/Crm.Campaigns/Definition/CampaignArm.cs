using System.Globalization;

namespace Crm.Campaigns;

/// <summary>One arm of a campaign: what its customers get and its share of the audience.</summary>
public sealed class CampaignArm
{
    /// <summary>Gets the arm's name (a key, unique in the campaign).</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the arm's customers get.</summary>
    public required CampaignArmKind Kind { get; init; }

    /// <summary>Gets the arm's weight, positive; shares are the weights over their sum.</summary>
    public required decimal Weight { get; init; }

    /// <summary>Gets the coupon template, for a <see cref="CampaignArmKind.Coupon"/> arm only.</summary>
    public string? CouponTemplateId { get; init; }

    /// <summary>Gets the points bonus, positive, for a <see cref="CampaignArmKind.Points"/> arm only.</summary>
    public long? Points { get; init; }

    /// <summary>
    /// Gets the discount a converting customer of the arm is taken to have used, in the programme's currency, when the
    /// outcomes come from the journal (which records what was paid, not which coupon paid for it); imported outcomes carry their own.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no discount cost.</value>
    public Money? DiscountPerConverter { get; init; }

    internal bool IsTreated => Kind is CampaignArmKind.Coupon or CampaignArmKind.Points or CampaignArmKind.Message;

    internal void Validate(string path)
    {
        if (!HostKey.IsValid(Name))
        {
            throw Campaign.Invalid($"{path}.name", $"'{Name}' is not a key.");
        }

        if (!Enum.IsDefined(Kind))
        {
            throw Campaign.Invalid($"{path}.kind", $"{(int)Kind} is not an arm kind.");
        }

        if (Weight <= 0m || Weight > 1_000_000m)
        {
            throw Campaign.Invalid($"{path}.weight", $"{Weight.ToString(CultureInfo.InvariantCulture)}: it must be positive and at most 1,000,000.");
        }

        if ((Kind == CampaignArmKind.Coupon) != (CouponTemplateId is not null) || (CouponTemplateId is not null && !HostKey.IsValid(CouponTemplateId)))
        {
            throw Campaign.Invalid($"{path}.couponTemplateId", "A coupon arm needs a coupon template (a key), and only a coupon arm has one.");
        }

        if ((Kind == CampaignArmKind.Points) != Points.HasValue || Points is <= 0)
        {
            throw Campaign.Invalid($"{path}.points", "A points arm needs a positive points bonus, and only a points arm has one.");
        }

        if (DiscountPerConverter is { } discount && discount.IsNegative)
        {
            throw Campaign.Invalid($"{path}.discountPerConverter", $"{discount}: it cannot be negative.");
        }
    }
}
