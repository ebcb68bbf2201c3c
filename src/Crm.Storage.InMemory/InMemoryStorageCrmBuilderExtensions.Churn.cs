using Microsoft.Extensions.DependencyInjection;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Churn stores of this adapter.</summary>
    private static void AddChurnStores(IServiceCollection services)
    {
    }
}
