using Crm.Storage.Sql;
using Crm.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the PostgreSQL storage adapter.</summary>
public static partial class PostgresStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in a PostgreSQL database shared by any number of host processes: customers, the activity
    /// journal and metrics, and the stores of every installed package. The schema is created and migrated on first use.
    /// A store batch (<see cref="IStoreBatchFactory"/>) shares one connection and transaction among its calls.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets <see cref="PostgresStorageOptions.ConnectionString"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UsePostgresStorage(this ICrmBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgresStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(sp => new PostgresDatabase(
            sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString!,
            sp.GetRequiredService<IOptions<CrmOptions>>().Value.Currency ?? throw new InvalidOperationException("CrmOptions.Currency is not set; set it in AddCrm(...).")));
        services.Replace(ServiceDescriptor.Singleton<IStoreBatchFactory>(sp => sp.GetRequiredService<PostgresDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<ICustomerStore>(sp => new SqlCustomerStore(sp.GetRequiredService<PostgresDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IActivityStore>(sp => new SqlActivityStore(sp.GetRequiredService<PostgresDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Membership.IMembershipStore>(sp => new SqlMembershipStore(sp.GetRequiredService<PostgresDatabase>())));
        AddPointsStores(services);
        AddCouponsStores(services);
        AddSegmentationStores(services);
        AddChurnStores(services);
        return builder;
    }

    private sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options) =>
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail("PostgresStorageOptions.ConnectionString is not set; set it in UsePostgresStorage(o => o.ConnectionString = \"Host=localhost;Database=crm;Username=crm\").")
                : ValidateOptionsResult.Success;
    }
}
