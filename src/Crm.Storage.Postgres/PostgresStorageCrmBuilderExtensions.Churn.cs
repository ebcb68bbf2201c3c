using Crm.Storage.Postgres;
using Crm.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class PostgresStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Churn stores of this adapter.</summary>
    private static void AddChurnStores(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<Churn.IChurnStore>(sp => new SqlChurnStore(sp.GetRequiredService<PostgresDatabase>())));
    }
}
