using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;

namespace Crm.Simulation;

/// <summary>
/// A set of rules to try on past history. Whatever is left <see langword="null"/> is the baseline's: the rules in force, read
/// from the host's configuration of each package.
/// </summary>
public sealed record SimulationCandidate
{
    /// <summary>Gets the candidate's name, shown in the report; unique within a request and not <c>baseline</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the earn rules to try (<see cref="PointsOptions.Rules"/>), or <see langword="null"/> for the baseline's.</summary>
    public EarnRules? EarnRules { get; init; }

    /// <summary>Gets the tier policy to try (<see cref="MembershipOptions.Policy"/>), or <see langword="null"/> for the baseline's.</summary>
    public TierPolicy? TierPolicy { get; init; }

    /// <summary>Gets the coupon templates to try, replacing <see cref="CouponsOptions.Templates"/> as a whole, or <see langword="null"/> for the baseline's.</summary>
    public IReadOnlyList<CouponTemplate>? CouponTemplates { get; init; }

    /// <summary>Gets the churn policy to try (<see cref="ChurnOptions.Policy"/>), or <see langword="null"/> for the baseline's.</summary>
    public ChurnPolicy? ChurnPolicy { get; init; }
}
