using Crm.Points;
using Crm.Points.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Points.</summary>
public static class PointsCrmBuilderExtensions
{
    /// <summary>
    /// Adds points: <see cref="PointsManager"/>, its purchase and refund handlers (at <see cref="CrmHandlerOrder.Points"/>),
    /// and the <see cref="ICustomerPointsReader"/> other packages read points through. The storage adapter provides
    /// <see cref="IPointsLedgerStore"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options; <see cref="PointsOptions.Rules"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Calling it again adds the new configuration to the same registration; nothing is registered twice.</remarks>
    public static ICrmBuilder AddPoints(this ICrmBuilder builder, Action<PointsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PointsOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PointsOptions>, PointsOptionsValidator>());
        services.TryAddSingleton<IPointsLedgerStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IPointsLedgerStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder after AddPoints(...), or register your own IPointsLedgerStore."));
        services.TryAddSingleton<PointsManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, PointsDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, PointsPurchaseHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRefundHandler, PointsRefundHandler>());
        services.Replace(ServiceDescriptor.Singleton<ICustomerPointsReader, PointsEarnedReader>());
        return builder;
    }
}
