using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Points stores of this adapter.</summary>
    private static void AddPointsStores(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<Points.IPointsLedgerStore, Storage.InMemory.InMemoryPointsLedgerStore>());
    }
}
