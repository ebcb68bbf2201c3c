using Microsoft.Extensions.DependencyInjection;

namespace Crm;

public static partial class InMemoryStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Coupons stores of this adapter.</summary>
    private static void AddCouponsStores(IServiceCollection services)
    {
    }
}
