using Crm.Baskets.Internal;
using Crm.Baskets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Baskets.</summary>
public static class BasketCrmBuilderExtensions
{
    /// <summary>
    /// Adds basket analysis: <see cref="BasketManager"/>, and the <see cref="ICustomerRecommendationProvider"/> through which
    /// coupon scopes target the items recommended to a customer. The storage adapter provides <see cref="IBasketModelStore"/>;
    /// segment popularity reads segments through <see cref="ICustomerSegmentProvider"/> (Crm.Segmentation provides one when installed).
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for <see cref="BasketPolicy.Default"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddBaskets(this ICrmBuilder builder, Action<BasketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BasketOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BasketOptions>, BasketOptionsValidator>());
        services.TryAddSingleton<IBasketModelStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IBasketModelStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder, or register your own IBasketModelStore."));
        services.TryAddSingleton<BasketManager>();
        services.Replace(ServiceDescriptor.Singleton<ICustomerRecommendationProvider, BasketRecommendationProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, BasketsDataContributor>());
        return builder;
    }
}
