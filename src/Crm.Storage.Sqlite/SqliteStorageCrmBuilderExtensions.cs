using Crm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the SQLite storage adapter.</summary>
public static class SqliteStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in one SQLite file: customers, the activity journal and metrics, and the stores of every
    /// installed package. The schema is created and migrated on first use. Each fact is one write transaction, which holds
    /// the file's write lock while it commits.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions.ConnectionString"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UseSqliteStorage(this ICrmBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SqliteStorageOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        return builder.UseRelationalStorage(SqliteDialect.Instance, sp => new SqliteConnectionFactory(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ConnectionString!));
    }

    private sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options) =>
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail("SqliteStorageOptions.ConnectionString is not set; set it in UseSqliteStorage(o => o.ConnectionString = \"Data Source=crm.db\").")
                : ValidateOptionsResult.Success;
    }
}
