using Crm.Baskets;
using Crm.Churn;
using Crm.Coupons;
using Crm.Campaigns;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the relational stores over a provider's dialect and connections; what Crm.Storage.Sqlite, Crm.Storage.Postgres and a third provider call.</summary>
public static class RelationalStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in one relational database: the units of work (<see cref="IStoreUnitOfWorkFactory"/>) and the store
    /// of every package, whether installed or not (an uninstalled package's tables stay empty). The schema is created and
    /// migrated on first use.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="connections">Creates the factory that opens the database's connections (from the provider's options).</param>
    /// <returns>The builder.</returns>
    /// <remarks>Call it once per service collection: the first registration's database is the one every store uses.</remarks>
    public static ICrmBuilder UseRelationalStorage(this ICrmBuilder builder, RelationalDialect dialect, Func<IServiceProvider, IRelationalConnectionFactory> connections)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(connections);
        var services = builder.Services;
        services.TryAddSingleton(sp => new RelationalDatabase(
            dialect,
            connections(sp),
            sp.GetRequiredService<IOptions<CrmOptions>>().Value.Currency ?? throw new InvalidOperationException("CrmOptions.Currency is not set; set it in AddCrm(...)."),
            Prefetchers(sp)));
        services.Replace(ServiceDescriptor.Singleton<IStoreUnitOfWorkFactory>(sp => sp.GetRequiredService<RelationalDatabase>()));
        Store<IActivityStore>(services);
        Store<ICustomerStore>(services);
        Store<IConsentStore>(services);
        Store<ICustomerIdentifierStore>(services);
        Store<IMembershipStore>(services);
        Store<IPointsLedgerStore>(services);
        Store<ICouponStore>(services);
        Store<ISegmentStore>(services);
        Store<IChurnStore>(services);
        Store<IBasketModelStore>(services);
        Store<IFeedbackStore>(services);
        Store<ICampaignStore>(services);
        services.Replace(ServiceDescriptor.Singleton<ISegmentInputStore>(sp => (ISegmentInputStore)sp.GetRequiredService<RelationalDatabase>().CreateStore(typeof(ISegmentInputStore), null)));
        return builder;
    }

    private static void Store<TStore>(IServiceCollection services)
        where TStore : class =>
        services.Replace(ServiceDescriptor.Singleton(sp => (TStore)sp.GetRequiredService<RelationalDatabase>().CreateStore(typeof(TStore), null)));

    /// <summary>
    /// The stores a unit of work reads ahead: the activity store always, each package's when the package is installed, and
    /// the profile and consent records when a package reads them inside a fact's unit (churn's win-back and the survey
    /// invitation after a purchase decide on contact; a points birthday bonus needs the birthday); a store read ahead that
    /// nothing reads would cost every fact a statement on SQLite (ReadAheadScopeTests).
    /// </summary>
    private static IReadOnlyList<Type> Prefetchers(IServiceProvider services)
    {
        var installed = services.GetService<IServiceProviderIsService>();
        bool Has<TManager>() => installed?.IsService(typeof(TManager)) ?? true;
        var stores = new List<Type> { typeof(IActivityStore) };
        var decidesContact = Has<ChurnManager>() || Has<FeedbackManager>();
        if (decidesContact || (Has<PointsManager>() && services.GetService<IOptions<PointsOptions>>()?.Value.Rules?.Birthday is not null))
        {
            stores.Add(typeof(ICustomerStore));
        }

        if (decidesContact)
        {
            stores.Add(typeof(IConsentStore));
        }

        if (Has<MembershipManager>())
        {
            stores.Add(typeof(IMembershipStore));
        }

        if (Has<PointsManager>())
        {
            stores.Add(typeof(IPointsLedgerStore));
        }

        if (Has<CouponManager>())
        {
            stores.Add(typeof(ICouponStore));
        }

        if (Has<ChurnManager>())
        {
            stores.Add(typeof(IChurnStore));
        }

        return stores;
    }
}
