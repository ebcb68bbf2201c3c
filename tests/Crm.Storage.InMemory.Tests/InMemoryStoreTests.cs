using System.Reflection;
using Crm.Storage.InMemory;
using Crm.Testing;
using Crm.Testing.Conformance;

namespace Crm.Storage.InMemory.Tests;

public sealed class InMemoryActivityStoreTests : ActivityStoreConformanceTests
{
    protected override Task<IActivityStore> CreateStoreAsync() => Task.FromResult<IActivityStore>(new InMemoryActivityStore(Currency.CNY));
}

public sealed class InMemoryCustomerStoreTests : CustomerStoreConformanceTests
{
    protected override Task<ICustomerStore> CreateStoreAsync() => Task.FromResult<ICustomerStore>(new InMemoryCustomerStore());
}

public sealed class InMemoryComplianceTests : CrmComplianceTestBase
{
    protected override Assembly TargetAssembly => typeof(InMemoryComplianceTests).Assembly;
}

public sealed class InMemoryMembershipStoreTests : MembershipStoreConformanceTests
{
    protected override Task<Membership.IMembershipStore> CreateStoreAsync() => Task.FromResult<Membership.IMembershipStore>(new InMemoryMembershipStore());
}
