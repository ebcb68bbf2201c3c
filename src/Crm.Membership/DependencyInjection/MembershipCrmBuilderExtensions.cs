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
        services.TryAddSingleton<IMembershipStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IMembershipStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder after AddMembership(...), or register your own IMembershipStore."));
        services.TryAddSingleton<MembershipManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, MembershipPurchaseHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRefundHandler, MembershipRefundHandler>());
        services.Replace(ServiceDescriptor.Singleton<ICustomerTierProvider, MembershipTierProvider>());
        return builder;
    }
}
