using Microsoft.Extensions.DependencyInjection;

namespace Crm;

public static partial class PostgresStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Points stores of this adapter.</summary>
    private static void AddPointsStores(IServiceCollection services)
    {
    }
}
