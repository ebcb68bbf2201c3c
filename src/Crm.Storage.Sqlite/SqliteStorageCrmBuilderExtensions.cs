using Crm.Storage.Sql;
using Crm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the SQLite storage adapter.</summary>
public static partial class SqliteStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in one SQLite file: customers, the activity journal and metrics, and the stores of every
    /// installed package. The schema is created and migrated on first use.
    /// A store batch (<see cref="IStoreBatchFactory"/>) shares one write transaction, and the file's write lock, among its calls.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions.ConnectionString"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UseSqliteStorage(this ICrmBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ConnectionString!,
            sp.GetRequiredService<IOptions<CrmOptions>>().Value.Currency ?? throw new InvalidOperationException("CrmOptions.Currency is not set; set it in AddCrm(...).")));
        services.Replace(ServiceDescriptor.Singleton<IStoreBatchFactory>(sp => sp.GetRequiredService<SqliteDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<ICustomerStore>(sp => new SqlCustomerStore(sp.GetRequiredService<SqliteDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IActivityStore>(sp => new SqlActivityStore(sp.GetRequiredService<SqliteDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<Membership.IMembershipStore>(sp => new SqlMembershipStore(sp.GetRequiredService<SqliteDatabase>())));
        AddPointsStores(services);
        AddCouponsStores(services);
        AddSegmentationStores(services);
        AddChurnStores(services);
        return builder;
    }

    private sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options) =>
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail("SqliteStorageOptions.ConnectionString is not set; set it in UseSqliteStorage(o => o.ConnectionString = \"Data Source=crm.db\").")
                : ValidateOptionsResult.Success;
    }
}
