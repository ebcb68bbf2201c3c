using Crm.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers the PostgreSQL storage adapter.</summary>
public static class PostgresStorageCrmBuilderExtensions
{
    /// <summary>
    /// Stores everything in a PostgreSQL database shared by any number of host processes: customers, the activity
    /// journal and metrics, and the stores of every installed package. The schema is created and migrated on first use.
    /// Each fact is read in one round trip and committed in one pipelined transaction.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets <see cref="PostgresStorageOptions.ConnectionString"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder UsePostgresStorage(this ICrmBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresStorageOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        return builder.UseRelationalStorage(PostgresDialect.Instance, sp => new PostgresConnectionFactory(sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString!));
    }

    private sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options) =>
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? ValidateOptionsResult.Fail("PostgresStorageOptions.ConnectionString is not set; set it in UsePostgresStorage(o => o.ConnectionString = \"Host=localhost;Database=crm;Username=crm\").")
                : ValidateOptionsResult.Success;
    }
}
