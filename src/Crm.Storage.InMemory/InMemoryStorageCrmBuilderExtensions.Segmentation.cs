using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Segmentation stores of this adapter (no RFM push-down: the manager computes inputs from metrics).</summary>
    private static void AddSegmentationStores(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<Segmentation.ISegmentStore, Storage.InMemory.InMemorySegmentStore>());
}
