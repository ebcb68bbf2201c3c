using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Coupons.Internal;

/// <summary>
/// The <see cref="ICouponIssuer"/> other packages (membership benefits, churn win-back) issue coupons through.
/// </summary>
/// <remarks>
/// It depends only on the store, the templates, the clock and the options, never on <see cref="CouponManager"/>:
/// the manager reads tiers through <see cref="ICustomerTierProvider"/>, which Crm.Membership provides from its
/// manager, which in turn takes this issuer; depending on the manager here would make a cycle.
/// </remarks>
internal sealed class CouponIssuer : ICouponIssuer
{
    private readonly CouponIssuance _issuance;
    private readonly CrmOptions _crmOptions;

    public CouponIssuer(IClock clock, IOptions<CrmOptions> crmOptions, IOptions<CouponsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(crmOptions);
        ArgumentNullException.ThrowIfNull(options);
        _crmOptions = crmOptions.Value;
        var zone = _crmOptions.TimeZone ?? throw new InvalidOperationException("CrmOptions.TimeZone is not set.");
        _issuance = new CouponIssuance(options.Value.Templates.ToDictionary(t => t.Id, StringComparer.Ordinal), zone, clock);
    }

    public async Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        return (await _issuance.IssueAsync(unitOfWork.GetStore<ICouponStore>(), inUnit: true, request, _crmOptions.Culture ?? System.Globalization.CultureInfo.CurrentUICulture, cancellationToken).ConfigureAwait(false)).Result;
    }
}
