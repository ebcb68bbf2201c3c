using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the in-memory storage adapter.</summary>
public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Stores everything in process memory, with thread-safe in-memory stores for every installed package.</summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UseInMemoryStorage(this ICrmBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton<ICustomerStore, InMemoryCustomerStore>());
        services.Replace(ServiceDescriptor.Singleton<Membership.IMembershipStore, InMemoryMembershipStore>());
        services.Replace(ServiceDescriptor.Singleton<IActivityStore>(sp =>
            new InMemoryActivityStore(sp.GetRequiredService<IOptions<CrmOptions>>().Value.Currency
                ?? throw new InvalidOperationException("CrmOptions.Currency is not set; set it in AddCrm(...)."))));
        AddPointsStores(services);
        AddCouponsStores(services);
        AddSegmentationStores(services);
        AddChurnStores(services);
        return builder;
    }
}
