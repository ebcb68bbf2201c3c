using Crm.Storage.Sql;
using Crm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class SqliteStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Segmentation stores of this adapter: the segment store and the RFM push-down, one object.</summary>
    private static void AddSegmentationStores(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SqlSegmentStore(sp.GetRequiredService<SqliteDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<Segmentation.ISegmentStore>(sp => sp.GetRequiredService<SqlSegmentStore>()));
        services.Replace(ServiceDescriptor.Singleton<Segmentation.ISegmentInputStore>(sp => sp.GetRequiredService<SqlSegmentStore>()));
    }
}
