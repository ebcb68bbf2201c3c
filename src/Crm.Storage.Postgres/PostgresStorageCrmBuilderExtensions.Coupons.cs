using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm;

public static partial class PostgresStorageCrmBuilderExtensions
{
    /// <summary>Registers the Crm.Coupons stores of this adapter.</summary>
    private static void AddCouponsStores(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<Coupons.ICouponStore>(sp => new Storage.Sql.SqlCouponStore(sp.GetRequiredService<Storage.Postgres.PostgresDatabase>())));
    }
}
