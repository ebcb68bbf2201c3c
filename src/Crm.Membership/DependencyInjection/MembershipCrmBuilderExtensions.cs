using Crm.Membership;
using Crm.Membership.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Membership.</summary>
public static class MembershipCrmBuilderExtensions
{
    /// <summary>
    /// Adds membership tiers: <see cref="MembershipManager"/>, its purchase and refund handlers, and the
    /// <see cref="ICustomerTierProvider"/> other packages read tiers through. The storage adapter provides <see cref="IMembershipStore"/>.
    /// At start-up, the coupon templates the tier benefits name are checked against the installed coupon templates
    /// (every <see cref="ICrmReferenceCatalog"/> of <see cref="CrmReferenceKind.CouponTemplate"/>), and the tier names are
    /// offered as a catalog of <see cref="CrmReferenceKind.Tier"/> to the packages whose rules name tiers.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options; <see cref="MembershipOptions.Policy"/> is required.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddMembership(this ICrmBuilder builder, Action<MembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<MembershipOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());

        // Coupon templates the benefits name are checked against the installed coupons package at start-up; the
        // tier names are offered to the packages whose rules name tiers.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipReferenceValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmReferenceCatalog, MembershipTierCatalog>());
        services.TryAddSingleton<IMembershipStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IMembershipStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder after AddMembership(...), or register your own IMembershipStore."));
        services.TryAddSingleton<MembershipManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, MembershipDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, MembershipPurchaseHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRefundHandler, MembershipRefundHandler>());
        services.Replace(ServiceDescriptor.Singleton<ICustomerTierProvider, MembershipTierProvider>());
        return builder;
    }
}
