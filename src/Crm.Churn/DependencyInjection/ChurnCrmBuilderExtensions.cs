using Crm.Churn;
using Crm.Churn.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Churn.</summary>
public static class ChurnCrmBuilderExtensions
{
    /// <summary>
    /// Adds churn early warning: <see cref="ChurnManager"/> and its purchase handler (won back, re-assessment). The storage
    /// adapter provides <see cref="IChurnStore"/>; win-back coupons go through the registered <see cref="ICouponIssuer"/>, if any.
    /// At start-up, the coupon templates the win-back actions name are checked against the installed coupon templates
    /// (every <see cref="ICrmReferenceCatalog"/> of <see cref="CrmReferenceKind.CouponTemplate"/>).
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options; <see cref="ChurnOptions.Policy"/> is required.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddChurn(this ICrmBuilder builder, Action<ChurnOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<ChurnOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChurnOptions>, ChurnOptionsValidator>());

        // Coupon templates the win-back actions name are checked against the installed coupons package at start-up.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChurnOptions>, ChurnReferenceValidator>());
        services.TryAddSingleton<IChurnStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IChurnStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder after AddChurn(...), or register your own IChurnStore."));
        services.TryAddSingleton<ChurnManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, ChurnDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, ChurnPurchaseHandler>());
        return builder;
    }
}
