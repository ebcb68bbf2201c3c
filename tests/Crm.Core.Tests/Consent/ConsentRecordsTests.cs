using Crm.Storage.InMemory;
using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Core.Tests.Consent;

public sealed class ConsentRecordsTests
{
    // The clock of every test: 2026-06-01 00:00 UTC.
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 0, 0);
    private static readonly CustomerId C1 = new("c1");

    private static ConsentRecord Record(string id, ConsentPurpose purpose, ContactChannels channel, bool granted, Instant at) => new()
    {
        Id = id,
        CustomerId = C1,
        Purpose = purpose,
        Channel = channel,
        Granted = granted,
        PolicyVersion = "v3",
        Source = "pos:store-12",
        At = at,
        OperatorId = "staff-7",
    };

    private static async Task<TestCrm> CrmWithCustomerAsync()
    {
        var crm = TestCrm.Create(Now);
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = C1, JoinedAt = Now - Duration.FromDays(30) });
        return crm;
    }

    [Fact]
    public async Task RecordConsent_New_StoredWithTheClocksInstant()
    {
        using var crm = await CrmWithCustomerAsync();
        var record = Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now - Duration.FromDays(2));

        var result = await crm.Manager.RecordConsentAsync(record with { RecordedAt = Instant.FromUtc(2000, 1, 1, 0, 0) });

        result.IsReplay.Should().BeFalse();
        result.Record.Should().Be(record with { RecordedAt = Now });
        (await crm.Manager.GetConsentsAsync(C1)).History.Should().Equal(result.Record);
    }

    [Fact]
    public async Task RecordConsent_SameIdSameContent_IsAReplayThatWritesNothing()
    {
        using var crm = await CrmWithCustomerAsync();
        var record = Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now);
        var first = await crm.Manager.RecordConsentAsync(record);
        crm.Clock.Advance(Duration.FromHours(1));

        var again = await crm.Manager.RecordConsentAsync(record);

        again.IsReplay.Should().BeTrue();
        again.Record.Should().Be(first.Record);
        (await crm.Manager.GetConsentsAsync(C1)).History.Should().ContainSingle();
    }

    [Fact]
    public async Task RecordConsent_SameIdOtherContent_RefusedWithIdReused()
    {
        using var crm = await CrmWithCustomerAsync();
        var record = Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now);
        await crm.Manager.RecordConsentAsync(record);

        var act = () => crm.Manager.RecordConsentAsync(record with { Granted = false });

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.ConsentIdReused);
        (await crm.Manager.GetConsentsAsync(C1)).Current.Should().ContainSingle().Which.Granted.Should().BeTrue();
    }

    [Fact]
    public async Task RecordConsent_UnknownCustomer_RefusedAndNothingWritten()
    {
        using var crm = TestCrm.Create(Now);

        var act = () => crm.Manager.RecordConsentAsync(Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerNotFound);
        (await crm.Get<IConsentStore>().FindAsync("r1")).Should().BeNull();
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "two channels", CrmErrorCodes.ConsentChannelInvalid },
        { "no channel", CrmErrorCodes.ConsentChannelInvalid },
        { "no purpose", CrmErrorCodes.ConsentPurposeInvalid },
        { "in the future", CrmErrorCodes.ConsentInstantInvalid },
        { "before 2000", CrmErrorCodes.ConsentInstantInvalid },
        { "blank source", CrmErrorCodes.KeyInvalid },
        { "blank operator", CrmErrorCodes.KeyInvalid },
        { "blank policy version", CrmErrorCodes.KeyInvalid },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task RecordConsent_Malformed_RefusedWithItsCode(string what, string code)
    {
        using var crm = await CrmWithCustomerAsync();
        var valid = Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now);
        var record = what switch
        {
            "two channels" => valid with { Channel = ContactChannels.Sms | ContactChannels.Email },
            "no channel" => valid with { Channel = ContactChannels.None },
            "no purpose" => valid with { Purpose = default },
            "in the future" => valid with { At = Now + Duration.FromMinutes(6) },
            "before 2000" => valid with { At = Instant.FromUtc(1999, 12, 31, 0, 0) },
            "blank source" => valid with { Source = " " },
            "blank operator" => valid with { OperatorId = "" },
            _ => valid with { PolicyVersion = "" },
        };

        var act = () => crm.Manager.RecordConsentAsync(record);

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(code);
        (await crm.Manager.GetConsentsAsync(C1)).History.Should().BeEmpty();
    }

    [Fact]
    public async Task DecideContact_MarketingConsent_DoesNotAllowSurveys()
    {
        using var crm = await CrmWithCustomerAsync();
        await crm.Manager.RecordConsentAsync(Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now));

        var marketing = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms);
        var surveys = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Surveys, ContactChannels.Sms);
        var email = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Email);

        marketing.IsAllowed.Should().BeTrue();
        marketing.Explanation.Should().Be("Marketing by Sms granted at 2026-06-01T00:00:00Z via 'pos:store-12' under policy 'v3' by operator 'staff-7' (record 'r1').");
        surveys.IsAllowed.Should().BeFalse();
        surveys.Reason.Should().Be(ContactDecisionReason.NoConsentRecord);
        surveys.Explanation.Should().Be("Surveys by Sms: no consent record.");
        email.Reason.Should().Be(ContactDecisionReason.NoConsentRecord);
    }

    [Fact]
    public async Task DecideContact_ErasedOrUnknown_RefusedWhateverTheRecords()
    {
        using var crm = await CrmWithCustomerAsync();
        await crm.Manager.RecordConsentAsync(Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now));
        crm.Clock.Advance(Duration.FromDays(1));
        await crm.Manager.EraseCustomerPersonalDataAsync(C1);

        var erased = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms);
        var beforeErasure = await crm.Manager.DecideContactAsync(C1, ConsentPurpose.Marketing, ContactChannels.Sms, Now + Duration.FromHours(1));
        var unknown = await crm.Manager.DecideContactAsync(new CustomerId("nobody"), ConsentPurpose.Marketing, ContactChannels.Sms);

        erased.Reason.Should().Be(ContactDecisionReason.CustomerErased);
        beforeErasure.Reason.Should().Be(ContactDecisionReason.Granted);
        unknown.Reason.Should().Be(ContactDecisionReason.CustomerNotFound);

        // The records stay after erasure: they are the proof of consent, and hold no free text.
        (await crm.Manager.GetConsentsAsync(C1)).History.Should().ContainSingle();
        (await crm.Manager.ExportCustomerDataAsync(C1)).ToJson().Should().Contain("\"policyVersion\": \"v3\"");
    }

    [Fact]
    public async Task GetConsents_WithdrawnThenGrantedOnAnotherChannel_CurrentIsTheLatestOfEach()
    {
        using var crm = await CrmWithCustomerAsync();
        var smsGranted = (await crm.Manager.RecordConsentAsync(Record("r1", ConsentPurpose.Marketing, ContactChannels.Sms, true, Now - Duration.FromDays(10)))).Record;
        var weChat = (await crm.Manager.RecordConsentAsync(Record("r2", ConsentPurpose.Recommendations, ContactChannels.WeChat, true, Now - Duration.FromDays(5)))).Record;

        // A paper withdrawal dated before the grant, entered later, does not undo the grant.
        var paper = (await crm.Manager.RecordConsentAsync(Record("r3", ConsentPurpose.Marketing, ContactChannels.Sms, false, Now - Duration.FromDays(20)))).Record;

        var consents = await crm.Manager.GetConsentsAsync(C1);

        consents.History.Should().Equal(paper, smsGranted, weChat);
        consents.Current.Should().Equal(smsGranted, weChat);
    }

    /// <summary>
    /// For random histories appended in random order, the current state of each purpose and channel is the record no other
    /// record of that purpose and channel comes after (by instant, then recording instant, then id), and the decision now
    /// allows exactly the granted ones.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property CurrentState_EqualsTheLatestRecordPerPurposeAndChannel_Holds() =>
        Prop.ForAll(Histories(), history =>
        {
            var database = new InMemoryDatabase(Currency.CNY);
            var store = new InMemoryConsentStore(database);
            foreach (var record in history)
            {
                store.AppendAsync(record).GetAwaiter().GetResult();
            }

            var current = CustomerConsents.From(C1, store.ListAsync(C1).GetAwaiter().GetResult()).Current;
            var expected = history
                .GroupBy(r => (r.Purpose, r.Channel))
                .Select(g => g.Single(r => g.All(o => ReferenceEquals(o, r) || Before(o, r))))
                .OrderBy(r => r.Purpose).ThenBy(r => r.Channel)
                .ToList();
            var profile = new CustomerProfile { Id = C1, JoinedAt = Now };
            var decisionsAgree = expected.All(r => ContactPolicy.Decide(C1, profile, history, r.Purpose, r.Channel, Now + Duration.FromDays(400)).IsAllowed == r.Granted);
            return current.SequenceEqual(expected) && decisionsAgree;
        });

    private static bool Before(ConsentRecord a, ConsentRecord b) =>
        a.At < b.At || (a.At == b.At && (a.RecordedAt < b.RecordedAt || (a.RecordedAt == b.RecordedAt && string.CompareOrdinal(a.Id, b.Id) < 0)));

    private static Arbitrary<ConsentRecord[]> Histories()
    {
        // Few purposes, channels and instants, so that keys and ties repeat.
        var record = from purpose in Gen.Elements(ConsentPurpose.Marketing, ConsentPurpose.Surveys)
                     from channel in Gen.Elements(ContactChannels.Sms, ContactChannels.Push, ContactChannels.DeliveryPlatform)
                     from granted in Gen.Elements(true, false)
                     from day in Gen.Choose(0, 4)
                     from recorded in Gen.Choose(0, 2)
                     from id in Gen.Choose(0, 1_000_000)
                     select new ConsentRecord
                     {
                         Id = "r" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         CustomerId = C1,
                         Purpose = purpose,
                         Channel = channel,
                         Granted = granted,
                         PolicyVersion = "v1",
                         Source = "app",
                         At = Now + Duration.FromDays(day),
                         RecordedAt = Now + Duration.FromDays(day + recorded),
                     };
        var histories = Gen.ArrayOf(record).Select(rs => rs.DistinctBy(r => r.Id).ToArray());
        return histories.ToArbitrary();
    }
}
