using System.Text.Json.Nodes;
using Crm.TestUtils;
using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Core.Tests.Identifiers;

/// <summary>Issue 26: identifiers through the front door, on in-memory storage.</summary>
public sealed class CrmManagerIdentifierTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 7, 1, 2, 0);

    [Fact]
    public async Task Link_New_IsFoundByAnySpellingAndListed()
    {
        using var crm = Create();
        var customer = await RegisterAsync(crm, "c-1");

        var result = await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("138 0013 8000"));

        result.IsReplay.Should().BeFalse();
        result.Link.Should().BeEquivalentTo(new { CustomerId = customer, Kind = CustomerIdentifierKind.Phone, Scope = "", Value = "+8613800138000", LinkedAt = At });
        result.Link.LookupKey.Should().MatchRegex("^[0-9a-f]{64}$").And.NotContain("13800138000");
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("+86 (138) 0013-8000"))).Should().Be(customer);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("008613800138000"))).Should().Be(customer);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13900139000"))).Should().BeNull();
        (await crm.Manager.ListIdentifiersAsync(customer)).Should().Equal(result.Link);
    }

    [Fact]
    public async Task Link_SameCustomerAgain_IsReplayReturningTheFirstLink()
    {
        using var crm = Create();
        var customer = await RegisterAsync(crm, "c-1");
        var first = await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.WeChatOpenId("wx01", "oAbC"));
        crm.Clock.AdvanceHours(3);

        var again = await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.WeChatOpenId(" wx01 ", "oAbC "));

        again.IsReplay.Should().BeTrue();
        again.Link.Should().Be(first.Link, "the replay returns what the first call stored, linked at its instant");
        (await crm.Manager.ListIdentifiersAsync(customer)).Should().ContainSingle();
    }

    [Fact]
    public async Task Link_TakenByAnother_IsRefusedNamingNothingPersonal()
    {
        using var crm = Create();
        var owner = await RegisterAsync(crm, "c-owner");
        var other = await RegisterAsync(crm, "c-other");
        await crm.Manager.LinkIdentifierAsync(owner, CustomerIdentifier.Phone("13800138000"));

        var act = () => crm.Manager.LinkIdentifierAsync(other, CustomerIdentifier.Phone("+8613800138000"));

        var error = (await act.Should().ThrowAsync<CrmValidationException>()).Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.IdentifierTaken);
        error.Message.Should().NotContain("c-owner").And.NotContain("13800138000").And.NotContain("0013");
        (await crm.Manager.ListIdentifiersAsync(other)).Should().BeEmpty();
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().Be(owner);
    }

    [Fact]
    public async Task Link_SameOpenIdInTwoApps_AreTwoIdentifiers()
    {
        using var crm = Create();
        var a = await RegisterAsync(crm, "c-a");
        var b = await RegisterAsync(crm, "c-b");

        await crm.Manager.LinkIdentifierAsync(a, CustomerIdentifier.WeChatOpenId("wx-mini", "o-same"));
        await crm.Manager.LinkIdentifierAsync(b, CustomerIdentifier.WeChatOpenId("wx-official", "o-same"));

        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.WeChatOpenId("wx-mini", "o-same"))).Should().Be(a);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.WeChatOpenId("wx-official", "o-same"))).Should().Be(b);
    }

    [Fact]
    public async Task Unlink_ThenAnotherCustomerLinks_Succeeds()
    {
        using var crm = Create();
        var first = await RegisterAsync(crm, "c-1");
        var second = await RegisterAsync(crm, "c-2");
        await crm.Manager.LinkIdentifierAsync(first, CustomerIdentifier.MemberCard("vip-001"));

        (await crm.Manager.UnlinkIdentifierAsync(second, CustomerIdentifier.MemberCard("VIP-001"))).Should().BeFalse("it is not the second customer's to unlink");
        (await crm.Manager.UnlinkIdentifierAsync(first, CustomerIdentifier.MemberCard("VIP-001"))).Should().BeTrue();
        (await crm.Manager.UnlinkIdentifierAsync(first, CustomerIdentifier.MemberCard("VIP-001"))).Should().BeFalse("unlinking again removes nothing");
        var relinked = await crm.Manager.LinkIdentifierAsync(second, CustomerIdentifier.MemberCard("vip-001"));

        relinked.IsReplay.Should().BeFalse();
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.MemberCard("VIP-001"))).Should().Be(second);
    }

    [Fact]
    public async Task Link_UnknownCustomer_IsRefusedAndWritesNothing()
    {
        using var crm = Create();

        var act = () => crm.Manager.LinkIdentifierAsync(new CustomerId("nobody"), CustomerIdentifier.Phone("13800138000"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerNotFound);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().BeNull();
    }

    [Fact]
    public async Task Link_ErasedCustomer_IsRefused()
    {
        using var crm = Create();
        var customer = await RegisterAsync(crm, "c-gone");
        await crm.Manager.EraseCustomerPersonalDataAsync(customer);

        var act = () => crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("13800138000"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierCustomerErased);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().BeNull();
    }

    [Fact]
    public async Task Link_CustomerErasedWhileLinking_LeavesNoLink()
    {
        // The customer is erased right after the link's check read it, before the link is made: the erasure's removal of
        // the links has already run, so the link itself must notice and take its row back.
        using var crm = TestCrm.Create(At, b =>
        {
            b.WithIdentifiers();
            b.Services.Replace(ServiceDescriptor.Singleton<ICustomerStore>(sp => new EraseAfterFirstRead(new InMemoryCustomerStore(sp.GetRequiredService<InMemoryDatabase>()))));
        });
        var customer = await RegisterAsync(crm, "c-racing");

        var act = () => crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("13800138000"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierCustomerErased);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().BeNull();
        (await crm.Manager.ListIdentifiersAsync(customer)).Should().BeEmpty();
    }

    [Fact]
    public async Task Link_InvalidIdentifier_IsRefusedBeforeTheCustomerIsRead()
    {
        using var crm = Create();

        // The customer does not exist: the identifier's own code shows it was checked first.
        var act = () => crm.Manager.LinkIdentifierAsync(new CustomerId("nobody"), CustomerIdentifier.Phone("call me"));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierPhoneInvalid);
    }

    [Fact]
    public async Task IdentifierMethods_WithoutLookupKey_SayWhatToDo()
    {
        using var crm = TestCrm.Create(At);
        await RegisterAsync(crm, "c-1");

        var act = () => crm.Manager.LinkIdentifierAsync(new CustomerId("c-1"), CustomerIdentifier.Phone("13800138000"));

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*AddCustomerIdentifiers*");
        crm.Manager.SupportsIdentifiers.Should().BeTrue();
    }

    [Fact]
    public void AddCustomerIdentifiers_ShortKey_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddCrm(o => (o.Currency, o.TimeZone) = (Currency.CNY, TestCrm.Shanghai)).UseInMemoryStorage()
            .AddCustomerIdentifiers(o => o.LookupKey = new byte[16]);
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<CustomerIdentifierOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*LookupKey*32 bytes*");
    }

    [Fact]
    public async Task LookupKey_DependsOnTheSecret()
    {
        using var crm = Create();
        using var otherKey = TestCrm.Create(At, b => b.AddCustomerIdentifiers(o => o.LookupKey = [.. Enumerable.Repeat((byte)7, 32)]));
        var customer = await RegisterAsync(crm, "c-1");
        await RegisterAsync(otherKey, "c-1");

        var mine = await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("13800138000"));
        var theirs = await otherKey.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("13800138000"));

        mine.Link.LookupKey.Should().NotBe(theirs.Link.LookupKey, "without the key a copy of the table does not give the numbers away");
    }

    [Fact]
    public async Task Export_HasTheIdentifiersSection_WithValuesButNoLookupKeys()
    {
        using var crm = Create();
        var customer = await RegisterAsync(crm, "c-export");
        await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.Phone("13800138000"));
        var openId = await crm.Manager.LinkIdentifierAsync(customer, CustomerIdentifier.WeChatOpenId("wx01", "oAbC"));

        var export = await crm.Manager.ExportCustomerDataAsync(customer);
        var links = JsonNode.Parse(export.ToJson())!["sections"]!["identifiers"]!["links"]!.AsArray();

        links.Should().HaveCount(2);
        links[0]!["kind"]!.GetValue<string>().Should().Be("Phone");
        links[0]!["value"]!.GetValue<string>().Should().Be("+8613800138000");
        links[0]!["scope"].Should().BeNull();
        links[1]!["kind"]!.GetValue<string>().Should().Be("WeChatOpenId");
        links[1]!["scope"]!.GetValue<string>().Should().Be("wx01");
        links[1]!["value"]!.GetValue<string>().Should().Be("oAbC");
        export.ToJson().Should().NotContain(openId.Link.LookupKey);
    }

    [Fact]
    public async Task Erase_RemovesEveryLinkAndLookupKey_SoThePhoneCanBeLinkedByAnother()
    {
        using var crm = Create();
        var gone = await RegisterAsync(crm, "c-gone");
        var next = await RegisterAsync(crm, "c-next");
        var phone = await crm.Manager.LinkIdentifierAsync(gone, CustomerIdentifier.Phone("13800138000"));
        await crm.Manager.LinkIdentifierAsync(gone, CustomerIdentifier.DeliveryPlatform("meituan", "mt-9"));

        await crm.Manager.EraseCustomerPersonalDataAsync(gone);

        (await crm.Manager.ListIdentifiersAsync(gone)).Should().BeEmpty();
        (await crm.Get<ICustomerIdentifierStore>().FindAsync(CustomerIdentifierKind.Phone, "", phone.Link.LookupKey)).Should().BeNull("no hash of the erased customer's phone remains");
        (await crm.Manager.ExportCustomerDataAsync(gone)).Sections.Should().NotContainKey("identifiers");
        (await crm.Manager.LinkIdentifierAsync(next, CustomerIdentifier.Phone("138 0013 8000"))).IsReplay.Should().BeFalse();
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().Be(next);
        await crm.Manager.EraseCustomerPersonalDataAsync(gone);
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("13800138000"))).Should().Be(next, "erasing again touches no one else");
    }

    [Fact]
    public async Task ParallelLinks_OnePhoneTo100Customers_ExactlyOneWins()
    {
        await IdentifierScenarios.ParallelLinksOfOnePhoneAsync(_ => { });
    }

    /// <summary>A customer store whose first read of a profile is followed at once by an erasure of it, as if another call erased it.</summary>
    private sealed class EraseAfterFirstRead(ICustomerStore inner) : ICustomerStore
    {
        private int _reads;

        public async Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default)
        {
            var profile = await inner.FindAsync(customerId, cancellationToken);
            if (profile is not null && Interlocked.Increment(ref _reads) == 1)
            {
                await inner.UpdateAsync(profile with { Name = null, Phone = null, ErasedAt = At }, profile.Version, cancellationToken);
            }

            return profile;
        }

        public Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => inner.CreateAsync(profile, cancellationToken);

        public Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default) => inner.UpdateAsync(profile, expectedVersion, cancellationToken);
    }

    private static TestCrm Create() => TestCrm.Create(At, b => b.WithIdentifiers());

    private static async Task<CustomerId> RegisterAsync(TestCrm crm, string id)
    {
        var customer = new CustomerId(id);
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0), Name = "Li Lei", Phone = "13800138000" });
        return customer;
    }
}
