using Microsoft.Extensions.DependencyInjection;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Segmentation stores of this adapter.</summary>
    private static void AddSegmentationStores(IServiceCollection services)
    {
    }
}
