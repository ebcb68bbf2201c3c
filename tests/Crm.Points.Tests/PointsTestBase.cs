using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Points.Tests;

/// <summary>A CRM with points on in-memory storage, Asia/Shanghai, CNY.</summary>
public abstract class PointsTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    protected static readonly CustomerId C1 = new("c-1");

    protected static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    /// <summary>1 point per CNY, gift cards excluded, nothing else.</summary>
    protected static EarnRules BaseRules => new() { PointsPerUnit = 1m, ExcludedCategories = ["gift-card"] };

    protected static (TestCrm Crm, PointsManager Points) Create(EarnRules rules, Instant now, Action<PointsOptions>? configure = null, Action<ICrmBuilder>? builder = null, Action<CrmOptions>? options = null)
    {
        var crm = TestCrm.Create(
            now,
            b =>
            {
                b.AddPoints(o =>
                {
                    o.Rules = rules;
                    configure?.Invoke(o);
                });
                builder?.Invoke(b);
            },
            options);
        return (crm, crm.Get<PointsManager>());
    }

    protected static IPointsLedgerStore Store(TestCrm crm) => crm.Get<IPointsLedgerStore>();

    /// <summary>A tier provider that gives every customer the same tier.</summary>
    protected sealed class FixedTierProvider(CustomerTier? tier) : ICustomerTierProvider
    {
        public ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default) => ValueTask.FromResult(tier);
    }

    protected static void UseTier(ICrmBuilder builder, CustomerTier? tier) =>
        builder.Services.AddSingleton<ICustomerTierProvider>(new FixedTierProvider(tier));
}
