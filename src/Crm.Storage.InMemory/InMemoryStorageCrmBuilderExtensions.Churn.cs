using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Churn stores of this adapter.</summary>
    private static void AddChurnStores(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<Churn.IChurnStore, InMemoryChurnStore>());
    }
}
