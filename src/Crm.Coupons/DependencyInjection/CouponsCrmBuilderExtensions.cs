using Crm.Coupons;
using Crm.Coupons.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Coupons.</summary>
public static class CouponsCrmBuilderExtensions
{
    /// <summary>
    /// Adds coupons: <see cref="CouponManager"/>, its purchase handler (confirming reservations made under the purchase id)
    /// and refund handler, and the <see cref="ICouponIssuer"/> other packages issue coupons through (unless the host
    /// registered its own). The storage adapter provides <see cref="ICouponStore"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options and adds the templates.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Calling it again adds the new configuration to the same registration; nothing is registered twice.</remarks>
    public static ICrmBuilder AddCoupons(this ICrmBuilder builder, Action<CouponsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<CouponsOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(CouponsMarker)))
        {
            return builder;
        }

        services.AddSingleton<CouponsMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CouponsOptions>, CouponsOptionsValidator>());
        services.TryAddSingleton<ICouponStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides ICouponStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder, or register your own ICouponStore."));
        services.TryAddSingleton<CouponManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, CouponsDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, CouponsPurchaseHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRefundHandler, CouponsRefundHandler>());

        // The issuer depends on the store, templates, clock and options only (not on CouponManager), so that
        // Membership (which consumes ICouponIssuer and provides ICustomerTierProvider) and Coupons (which consumes
        // ICustomerTierProvider) form no cycle.
        services.TryAddSingleton<ICouponIssuer, CouponIssuer>();

        // The template ids, for the start-up checks of the packages whose rules name templates (membership, churn).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmReferenceCatalog, CouponTemplateCatalog>());
        return builder;
    }

    private sealed class CouponsMarker;
}
