using Crm.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Coupons.Internal;

/// <summary>
/// The coupon template ids, for the packages whose rules name templates (tier benefits, win-back actions): checked at
/// their start-up, so that a benefit naming a template that does not exist fails start-up instead of never being issued.
/// </summary>
/// <remarks>
/// It reads the templates as configured, not validated (the coupons validator reports bad templates), so that it never
/// re-enters the validation of the package asking. A name that is not a template counts as undefined only while Crm.Coupons'
/// own issuer is the <see cref="ICouponIssuer"/> in use (the last registered, as the packages take it): a host that issues
/// from its own coupon system knows its own templates.
/// </remarks>
internal sealed class CouponTemplateCatalog(IServiceProvider services, IEnumerable<IConfigureOptions<CouponsOptions>> configures, IEnumerable<IPostConfigureOptions<CouponsOptions>> postConfigures)
    : ICrmReferenceCatalog
{
    private readonly Lazy<HashSet<string>> _ids = new(() =>
        ConfiguredOptions.Build(configures, postConfigures).Templates.Where(t => t?.Id is not null).Select(t => t.Id).ToHashSet(StringComparer.Ordinal));

    private readonly Lazy<bool> _issuesHere = new(() => services.GetServices<ICouponIssuer>().LastOrDefault() is CouponIssuer);

    public CrmReferenceKind Kind => CrmReferenceKind.CouponTemplate;

    public bool IsDefined(string name) => _ids.Value.Contains(name) || !_issuesHere.Value;

    public string DescribeDefined() => "Crm.Coupons' templates " + ReferenceCheck.List(_ids.Value.Order(StringComparer.Ordinal));
}
