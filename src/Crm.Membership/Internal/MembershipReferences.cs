using Crm.Internal;
using Microsoft.Extensions.Options;

namespace Crm.Membership.Internal;

/// <summary>
/// Refuses at start-up a tier benefit naming a coupon template that no <see cref="ICrmReferenceCatalog"/> defines
/// (Crm.Coupons registers one when installed): without it the welcome, birthday or periodic gift is never issued.
/// </summary>
internal sealed class MembershipReferenceValidator(IEnumerable<ICrmReferenceCatalog> catalogs) : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tiers = options.Policy?.Tiers;
        var templates = new ReferenceCheck(catalogs, CrmReferenceKind.CouponTemplate, "a coupon template");
        var failures = new List<string>();
        for (var i = 0; i < (tiers?.Count ?? 0); i++)
        {
            // A null tier or benefits is the policy validator's to report.
            if (tiers![i]?.Benefits is not { } benefits)
            {
                continue;
            }

            var path = $"MembershipOptions.Policy at $.tiers[{i}].benefits";
            templates.Check(failures, path + ".welcomeCouponTemplateId", benefits.WelcomeCouponTemplateId);
            templates.Check(failures, path + ".birthdayCouponTemplateId", benefits.BirthdayCouponTemplateId);
            for (var g = 0; g < (benefits.Periodic?.Count ?? 0); g++)
            {
                templates.Check(failures, $"{path}.periodic[{g}].couponTemplateId", benefits.Periodic![g]?.CouponTemplateId);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The tier names of the policy as configured, for the packages whose rules name tiers (segment rules, coupon conditions).</summary>
internal sealed class MembershipTierCatalog(IEnumerable<IConfigureOptions<MembershipOptions>> configures, IEnumerable<IPostConfigureOptions<MembershipOptions>> postConfigures)
    : ICrmReferenceCatalog
{
    private readonly Lazy<string[]?> _tiers = new(() => ConfiguredOptions.Build(configures, postConfigures).Policy?.Tiers?.Where(t => t is not null).Select(t => t.Name).ToArray());

    public CrmReferenceKind Kind => CrmReferenceKind.Tier;

    // Without a policy the membership validator fails start-up itself; this catalog cannot tell.
    public bool IsDefined(string name) => _tiers.Value is not { } tiers || tiers.Contains(name, StringComparer.Ordinal);

    public string DescribeDefined() => "Crm.Membership's tiers " + ReferenceCheck.List(_tiers.Value ?? []);
}
