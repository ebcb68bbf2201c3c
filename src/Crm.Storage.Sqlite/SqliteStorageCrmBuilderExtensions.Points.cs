using Crm.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class SqliteStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Points stores of this adapter.</summary>
    private static void AddPointsStores(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<Points.IPointsLedgerStore>(sp => new SqlPointsLedgerStore(sp.GetRequiredService<Storage.Sqlite.SqliteDatabase>())));
    }
}
