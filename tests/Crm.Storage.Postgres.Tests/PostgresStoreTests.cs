using System.Reflection;
using Crm.Baskets;
using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.Postgres.Tests;

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresActivityStoreTests(PostgresFixture fixture) : ActivityStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IActivityStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCustomerStoreTests(PostgresFixture fixture) : CustomerStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICustomerStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresMembershipStoreTests(PostgresFixture fixture) : MembershipStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IMembershipStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IMembershipStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresPointsLedgerStoreTests(PostgresFixture fixture) : PointsLedgerStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IPointsLedgerStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IPointsLedgerStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCouponStoreTests(PostgresFixture fixture) : CouponStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ICouponStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICouponStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresChurnStoreTests(PostgresFixture fixture) : ChurnStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IChurnStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSegmentStoreTests(PostgresFixture fixture) : SegmentStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<ISegmentStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ISegmentStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresSegmentInputStoreTests(PostgresFixture fixture) : SegmentInputStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync() =>
        Task.FromResult((fixture.Store<IActivityStore>(), fixture.Store<ISegmentInputStore>()));
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresUnitOfWorkTests(PostgresFixture fixture) : UnitOfWorkConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}

public sealed class PostgresComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(PostgresComplianceTests).Assembly;
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresBasketModelStoreTests(PostgresFixture fixture) : BasketModelStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IBasketModelStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IBasketModelStore>());
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresFeedbackStoreTests(PostgresFixture fixture) : FeedbackStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<IFeedbackStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IFeedbackStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}

[RequiresEnvironmentVariable(PostgresFixture.Variable, PostgresFixture.Reason)]
public sealed class PostgresCampaignStoreTests(PostgresFixture fixture) : CampaignStoreConformanceTests, IClassFixture<PostgresFixture>
{
    protected override Task<Crm.Campaigns.ICampaignStore> CreateStoreAsync() => Task.FromResult(fixture.Store<Crm.Campaigns.ICampaignStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}
