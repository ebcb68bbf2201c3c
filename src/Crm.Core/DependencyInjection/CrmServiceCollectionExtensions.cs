using Crm.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm;

/// <summary>Registers Crm.Core in a service collection.</summary>
public static class CrmServiceCollectionExtensions
{
    /// <summary>
    /// Adds Crm.Core: <see cref="CrmManager"/>, validated <see cref="CrmOptions"/>, the system <see cref="IClock"/>,
    /// do-nothing <see cref="ICustomerTierProvider"/>, <see cref="ICustomerSegmentProvider"/>, <see cref="ICustomerPointsReader"/> and <see cref="ICrmEventSink"/>,
    /// (each unless one is registered; packages replace them). Follow it with a storage adapter (<c>.UseInMemoryStorage()</c>,
    /// <c>.UseSqliteStorage(...)</c> or <c>.UsePostgresStorage(...)</c>) and the packages you use.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="CrmOptions.Currency"/> and <see cref="CrmOptions.TimeZone"/> are required.</param>
    /// <returns>The builder the other packages extend.</returns>
    /// <remarks>Calling it again adds the new configuration to the same registration; nothing is registered twice.</remarks>
    public static ICrmBuilder AddCrm(this IServiceCollection services, Action<CrmOptions> configure)
    {
        Guard.NotNull(services);
        Guard.NotNull(configure);
        services.AddOptions<CrmOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(CrmMarker)))
        {
            return new CrmBuilder(services);
        }

        services.AddSingleton<CrmMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmOptions>, CrmOptionsValidator>());
#pragma warning disable RS0030 // The one place the system clock is allowed: the default registration.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<IActivityStore>(_ => throw NoStorage(typeof(IActivityStore)));
        services.TryAddSingleton<ICustomerStore>(_ => throw NoStorage(typeof(ICustomerStore)));
        services.TryAddSingleton<IConsentStore>(_ => throw NoStorage(typeof(IConsentStore)));
        services.TryAddSingleton<IStoreUnitOfWorkFactory>(_ => throw NoStorage(typeof(IStoreUnitOfWorkFactory)));
        services.TryAddSingleton<NullCrmIntegrations>();
        services.TryAddSingleton<ICustomerTierProvider>(sp => sp.GetRequiredService<NullCrmIntegrations>());
        services.TryAddSingleton<ICustomerSegmentProvider>(sp => sp.GetRequiredService<NullCrmIntegrations>());
        services.TryAddSingleton<ICrmEventSink>(sp => sp.GetRequiredService<NullCrmIntegrations>());
        services.TryAddSingleton<ICustomerPointsReader>(sp => sp.GetRequiredService<NullCrmIntegrations>());
        services.TryAddSingleton<ICustomerRecommendationProvider>(sp => sp.GetRequiredService<NullCrmIntegrations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, CoreDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, CustomerIdentifierDataContributor>());
        services.TryAddSingleton<CrmManager>();
        return new CrmBuilder(services);
    }

    /// <summary>Adds a host's own purchase handler, which runs after the packages' handlers unless its <see cref="IPurchaseHandler.Order"/> says otherwise.</summary>
    /// <typeparam name="THandler">The handler type, registered as a singleton once.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddPurchaseHandler<THandler>(this ICrmBuilder builder)
        where THandler : class, IPurchaseHandler
    {
        Guard.NotNull(builder).Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, THandler>());
        return builder;
    }

    /// <summary>Adds a host's own refund handler, which runs after the packages' handlers unless its <see cref="IRefundHandler.Order"/> says otherwise.</summary>
    /// <typeparam name="THandler">The handler type, registered as a singleton once.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddRefundHandler<THandler>(this ICrmBuilder builder)
        where THandler : class, IRefundHandler
    {
        Guard.NotNull(builder).Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRefundHandler, THandler>());
        return builder;
    }

    private static InvalidOperationException NoStorage(Type store) => new(
        $"No storage adapter provides {store.Name}. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder returned by AddCrm(...), or register your own {store.Name}.");

    private sealed class CrmMarker;

    private sealed class CrmBuilder(IServiceCollection services) : ICrmBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
