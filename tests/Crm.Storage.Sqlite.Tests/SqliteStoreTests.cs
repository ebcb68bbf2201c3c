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

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteActivityStoreTests(SqliteFixture fixture) : ActivityStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IActivityStore>());
}

public sealed class SqliteCustomerStoreTests(SqliteFixture fixture) : CustomerStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICustomerStore>());
}

public sealed class SqliteMembershipStoreTests(SqliteFixture fixture) : MembershipStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IMembershipStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IMembershipStore>());
}

public sealed class SqlitePointsLedgerStoreTests(SqliteFixture fixture) : PointsLedgerStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IPointsLedgerStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IPointsLedgerStore>());
}

public sealed class SqliteCouponStoreTests(SqliteFixture fixture) : CouponStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ICouponStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ICouponStore>());
}

public sealed class SqliteChurnStoreTests(SqliteFixture fixture) : ChurnStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IChurnStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IChurnStore>());
}

public sealed class SqliteSegmentStoreTests(SqliteFixture fixture) : SegmentStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<ISegmentStore> CreateStoreAsync() => Task.FromResult(fixture.Store<ISegmentStore>());
}

public sealed class SqliteSegmentInputStoreTests(SqliteFixture fixture) : SegmentInputStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync() =>
        Task.FromResult((fixture.Store<IActivityStore>(), fixture.Store<ISegmentInputStore>()));
}

public sealed class SqliteUnitOfWorkTests(SqliteFixture fixture) : UnitOfWorkConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}

public sealed class SqliteComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(SqliteComplianceTests).Assembly;
}

public sealed class SqliteBasketModelStoreTests(SqliteFixture fixture) : BasketModelStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IBasketModelStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IBasketModelStore>());
}

public sealed class SqliteFeedbackStoreTests(SqliteFixture fixture) : FeedbackStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<IFeedbackStore> CreateStoreAsync() => Task.FromResult(fixture.Store<IFeedbackStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}

public sealed class SqliteCampaignStoreTests(SqliteFixture fixture) : CampaignStoreConformanceTests, IClassFixture<SqliteFixture>
{
    protected override Task<Crm.Campaigns.ICampaignStore> CreateStoreAsync() => Task.FromResult(fixture.Store<Crm.Campaigns.ICampaignStore>());

    protected override Task<IStoreUnitOfWorkFactory> CreateUnitOfWorkFactoryAsync() => Task.FromResult(fixture.Units);
}
