using Crm.Internal;
using Microsoft.Extensions.Options;

namespace Crm.Segmentation.Internal;

/// <summary>
/// Refuses at start-up a <c>tier</c> condition naming a tier that no <see cref="ICrmReferenceCatalog"/> defines
/// (Crm.Membership registers one when installed): without it the condition never holds.
/// </summary>
internal sealed class SegmentationReferenceValidator(IEnumerable<ICrmReferenceCatalog> catalogs) : IValidateOptions<SegmentationOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.Policy?.Rules;
        var tiers = new ReferenceCheck(catalogs, CrmReferenceKind.Tier, "a membership tier");
        var failures = new List<string>();
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            // A rule without a condition is the policy validator's to report.
            if (rules![i]?.When is not { } when)
            {
                continue;
            }

            foreach (var (predicate, path) in when.Walk($"$.rules[{i}].when"))
            {
                if (predicate is TierPredicate { Tiers: { } names })
                {
                    for (var t = 0; t < names.Count; t++)
                    {
                        tiers.Check(failures, $"SegmentationOptions.Policy at {path}.tiers[{t}]", names[t]);
                    }
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The segments the policy as configured can assign, for the packages whose rules name segments (coupon conditions).</summary>
internal sealed class SegmentationSegmentCatalog(IEnumerable<IConfigureOptions<SegmentationOptions>> configures, IEnumerable<IPostConfigureOptions<SegmentationOptions>> postConfigures)
    : ICrmReferenceCatalog
{
    private readonly Lazy<SegmentationPolicy?> _policy = new(() => ConfiguredOptions.Build(configures, postConfigures).Policy);

    public CrmReferenceKind Kind => CrmReferenceKind.Segment;

    // Without a policy the segmentation validator fails start-up itself; this catalog cannot tell.
    public bool IsDefined(string name) => _policy.Value is not { } policy || policy.CanAssign(name);

    public string DescribeDefined() => "Crm.Segmentation's segments " + (_policy.Value?.DescribeAssignable() ?? "none");
}
