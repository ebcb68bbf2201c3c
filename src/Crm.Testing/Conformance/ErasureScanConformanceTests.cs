using System.Globalization;
using Crm.Churn;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Issue 26's acceptance of erasure: a customer with a distinctive name, phone number and e-mail address is written through
/// every package (profile, identifiers, consent, a purchase, a points adjustment and a redemption, a tier override, churn
/// feedback, a complaint, a staff note and a survey comment, each carrying the name, the phone or the e-mail), erased
/// through <see cref="CrmManager.EraseCustomerPersonalDataAsync"/>, and then no string the adapter stores contains any of
/// them. Derive it in the adapter's test project: <see cref="CreateServicesAsync"/> registers the packages on the adapter
/// and <see cref="ReadAllStoredStringsAsync"/> reads back every string it holds.
/// </summary>
/// <remarks>
/// The scan is only as good as <see cref="ReadAllStoredStringsAsync"/>: a SQL adapter enumerates its tables and text
/// columns from the database's catalogue (never a list written by hand, so a new table cannot escape), an in-memory one
/// walks its objects. The suite checks the scan itself first: before the erasure it must find every marker.
/// </remarks>
public abstract class ErasureScanConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>
    /// Builds a host's services on the adapter: <c>AddCrm</c> with currency CNY and the time zone Asia/Shanghai, then
    /// <paramref name="packages"/> (which registers the packages and the test's clock), then the adapter's storage, over a
    /// database of its own that starts empty (the scan reads all of it).
    /// </summary>
    /// <param name="packages">Registers the packages and the clock.</param>
    /// <returns>The service provider; the test class disposes what it created.</returns>
    protected abstract Task<IServiceProvider> CreateServicesAsync(Action<ICrmBuilder> packages);

    /// <summary>Reads every string the adapter holds in the database of <paramref name="services"/>: every text value of every table, or every string reachable from the in-memory stores.</summary>
    /// <param name="services">The services <see cref="CreateServicesAsync"/> built.</param>
    /// <returns>The strings with where each is stored.</returns>
    protected abstract Task<IReadOnlyList<StoredString>> ReadAllStoredStringsAsync(IServiceProvider services);

    /// <summary>
    /// After <see cref="CrmManager.EraseCustomerPersonalDataAsync"/> no stored string contains the customer's name, phone or
    /// e-mail (all three are found before, in at least nine places); the export holds none of them either; the customer's
    /// purchase, adjustment, redemption, consent, churn feedback, complaint and note recorded again are replays, and
    /// write nothing back.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Erase_ThenNoStoredStringHoldsTheNamePhoneOrEmail_AndReplaysStillAnswer()
    {
        var clock = new TestClock(T0);
        var services = await CreateServicesAsync(b => Packages(b, clock));
        var crm = services.GetRequiredService<CrmManager>();
        var unique = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var digits = (BitConverter.ToUInt32(Guid.NewGuid().ToByteArray(), 0) % 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var name = $"ZQXNAME{unique}";
        var phone = $"139{digits}";
        var mailbox = $"zqxmail{unique.ToLowerInvariant()}";
        var email = $"{mailbox}@example.com";

        // ASCII letters and digits only, so that no JSON escaping can hide them from the scan; the mailbox alone too, in case
        // a serialiser escapes the '@'.
        string[] markers = [name, phone, email, mailbox];
        var customer = new CustomerId($"c-erase-{unique}");
        var fullName = $"Zhang {name}";

        await crm.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = T0 - Duration.FromDays(30), Name = fullName, Phone = phone, Email = email, Birthday = new LocalDate(1990, 5, 17) });
        await crm.LinkIdentifierAsync(customer, CustomerIdentifier.Phone(phone));
        await crm.LinkIdentifierAsync(customer, CustomerIdentifier.MemberCard($"M{digits}"));
        var consent = new ConsentRecord { Id = $"consent-{unique}", CustomerId = customer, Purpose = ConsentPurpose.Marketing, Channel = ContactChannels.Sms, Granted = true, PolicyVersion = "v3", Source = "app", At = T0, OperatorId = "op-1" };
        await crm.RecordConsentAsync(consent);
        var purchase = new Purchase
        {
            Id = $"p-{unique}",
            CustomerId = customer,
            StoreId = "sh-001",
            OccurredAt = T0 - Duration.FromHours(1),
            Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1m, UnitPrice = new Money(30m, Currency.CNY) }],
            PaidTotal = new Money(30m, Currency.CNY),
        };
        var purchased = await crm.RecordPurchaseAsync(purchase);
        var points = services.GetRequiredService<PointsManager>();
        await points.AdjustAsync(customer, new PointAmount(100), "goodwill", $"goodwill for {fullName} {phone}", "op-1");
        await points.RedeemAsync(customer, new PointAmount(10), "r-1", $"latte for {fullName}");
        await services.GetRequiredService<MembershipManager>().SetOverrideAsync(customer, "gold", $"{fullName} complained, call {phone}", "op-1", T0 + Duration.FromDays(30));
        var churnFeedback = new ChurnFeedback { Id = $"fb-{unique}", CustomerId = customer, ReportedAt = T0, Note = $"write to {email}" };
        await services.GetRequiredService<ChurnManager>().RecordFeedbackAsync(churnFeedback);
        var feedback = services.GetRequiredService<FeedbackManager>();
        var complaint = new ServiceInteraction
        {
            Id = $"k-{unique}",
            Kind = InteractionKind.Complaint,
            Category = FeedbackCategory.WaitTime,
            Channel = FeedbackChannel.InStore,
            CustomerId = customer,
            StoreId = "sh-001",
            StaffId = "s-7",
            PurchaseId = purchase.Id,
            Text = $"{fullName} waited 20 minutes, call back on {phone}",
            OccurredAt = T0,
        };
        await feedback.RecordInteractionAsync(complaint);
        await feedback.AddNoteAsync($"n-{unique}", customer, "s-7", $"{fullName} prefers e-mail: {email}");
        await feedback.RecordResponseAsync(new SurveyResponse { Id = $"r-{unique}", SurveyId = "post-purchase", StoreId = "sh-001", CustomerId = customer, RespondedAt = T0, Nps = 3, Comment = $"I am {fullName}, {email}" });

        var before = Hits(await ReadAllStoredStringsAsync(services), markers);
        foreach (var marker in new[] { name, phone, email })
        {
            Assert.True(before.Any(h => h.Value.Contains(marker, StringComparison.OrdinalIgnoreCase)), $"Before the erasure the scan must find '{marker}'; it found: {Describe(before)}. Does {nameof(ReadAllStoredStringsAsync)} read everything?");
        }

        Assert.True(before.Select(h => h.Location).Distinct(StringComparer.Ordinal).Count() >= 9, $"Before the erasure the markers are stored in at least nine places (profile, identifier, points reasons, override, tier history, churn note, complaint, note, comment); the scan found: {Describe(before)}.");

        clock.Advance(Duration.FromDays(1));
        await crm.EraseCustomerPersonalDataAsync(customer);

        var after = Hits(await ReadAllStoredStringsAsync(services), markers);
        Assert.True(after.Count == 0, $"After the erasure no stored string may hold the customer's name, phone or e-mail; found: {Describe(after)}.");
        var export = (await crm.ExportCustomerDataAsync(customer)).ToJson();
        Assert.DoesNotContain(markers, m => export.Contains(m, StringComparison.OrdinalIgnoreCase));

        // The customer's facts recorded again are replays: erased text is not held against them, and nothing is written back.
        Assert.True((await crm.RecordPurchaseAsync(purchase)).IsReplay);
        Assert.Equal(purchased.Entry.Sequence, (await crm.GetJournalAsync(customer)).Single().Sequence);
        Assert.Equal(PointsChangeStatus.Replayed, (await points.AdjustAsync(customer, new PointAmount(100), "goodwill", $"goodwill for {fullName} {phone}", "op-1")).Status);
        Assert.Equal(PointsChangeStatus.Replayed, (await points.RedeemAsync(customer, new PointAmount(10), "r-1", $"latte for {fullName}")).Status);
        Assert.True((await crm.RecordConsentAsync(consent)).IsReplay);
        Assert.False(await services.GetRequiredService<ChurnManager>().RecordFeedbackAsync(churnFeedback));
        Assert.True((await feedback.RecordInteractionAsync(complaint)).IsReplay);
        Assert.True((await feedback.AddNoteAsync($"n-{unique}", customer, "s-7", $"{fullName} prefers e-mail: {email}")).IsReplay);
        var replayed = Hits(await ReadAllStoredStringsAsync(services), markers);
        Assert.True(replayed.Count == 0, $"A replay after the erasure must write nothing back; found: {Describe(replayed)}.");
    }

    private static void Packages(ICrmBuilder builder, TestClock clock)
    {
        // The last registration of the clock is the one resolved; AddCrm only adds the system clock when none is there.
        builder.Services.AddSingleton<IClock>(clock);
        builder
            .AddCustomerIdentifiers(o => o.LookupKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)])
            .AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m })
            .AddMembership(o => o.Policy = new TierPolicy
            {
                Window = new CalendarYearWindow(),
                Tiers = [new TierDefinition { Name = "green" }, new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 1000m }] }],
            })
            .AddChurn(o => (o.Policy, o.RefitModelOnRun) = (new ChurnPolicy(), false))
            .AddFeedback();
    }

    private static List<StoredString> Hits(IReadOnlyList<StoredString> strings, IReadOnlyList<string> markers) =>
        [.. strings.Where(s => markers.Any(m => s.Value.Contains(m, StringComparison.OrdinalIgnoreCase)))];

    private static string Describe(IReadOnlyList<StoredString> hits) =>
        hits.Count == 0 ? "nothing" : string.Join("; ", hits.Select(h => h.Location).Distinct(StringComparer.Ordinal));
}
