using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the in-memory storage adapter.</summary>
public static class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in process memory: one <see cref="InMemoryDatabase"/> (the units of work) with a store for every
    /// package, whether installed or not (an uninstalled package's store is simply never used).
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UseInMemoryStorage(this ICrmBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(sp => new InMemoryDatabase(
            sp.GetRequiredService<IOptions<CrmOptions>>().Value.Currency ?? throw new InvalidOperationException("CrmOptions.Currency is not set; set it in AddCrm(...).")));
        services.Replace(ServiceDescriptor.Singleton<IStoreUnitOfWorkFactory>(sp => sp.GetRequiredService<InMemoryDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<ICustomerStore>(sp => new InMemoryCustomerStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IConsentStore>(sp => new InMemoryConsentStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<ICustomerIdentifierStore>(sp => new InMemoryCustomerIdentifierStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IActivityStore>(sp => new InMemoryActivityStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Membership.IMembershipStore>(sp => new InMemoryMembershipStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Points.IPointsLedgerStore>(sp => new InMemoryPointsLedgerStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Coupons.ICouponStore>(sp => new InMemoryCouponStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Segmentation.ISegmentStore>(sp => new InMemorySegmentStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Churn.IChurnStore>(sp => new InMemoryChurnStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Baskets.IBasketModelStore>(sp => new InMemoryBasketModelStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Feedback.IFeedbackStore>(sp => new InMemoryFeedbackStore(sp.GetRequiredService<InMemoryDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Campaigns.ICampaignStore>(sp => new InMemoryCampaignStore(sp.GetRequiredService<InMemoryDatabase>())));
        return builder;
    }
}
