using System.Globalization;
using Crm.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Samples;

/// <summary>
/// Kevin Hillstrom's e-mail experiment (64,000 customers, a men's e-mail, a women's e-mail and no e-mail, two weeks of
/// outcomes) through the public API: the customers registered, their arms imported as an external experiment, each
/// conversion recorded as a purchase inside the attribution window, and the campaign measured from the journal.
/// </summary>
public static class HillstromExperiment
{
    /// <summary>The campaign's id.</summary>
    public const string CampaignId = "hillstrom-2008";

    /// <summary>The day of the e-mails (the source gives none; any day works, the outcomes are the two weeks after it).</summary>
    public static readonly LocalDate MailDay = new(2008, 3, 3);

    /// <summary>The campaign: three arms of equal weight, the holdout "No E-Mail", e-mail as the channel, 14 days of attribution.</summary>
    public static Campaign Campaign { get; } = new()
    {
        Id = CampaignId,
        Name = "MineThatData E-Mail Analytics Challenge",
        Salt = "imported",
        Start = MailDay,
        End = MailDay,
        Channel = ContactChannels.Email,
        AttributionDays = 14,
        PrimaryMetric = CampaignMetric.RevenuePerCustomer,
        Arms =
        [
            new CampaignArm { Name = "Mens E-Mail", Kind = CampaignArmKind.Message, Weight = 1m },
            new CampaignArm { Name = "Womens E-Mail", Kind = CampaignArmKind.Message, Weight = 1m },
            new CampaignArm { Name = "No E-Mail", Kind = CampaignArmKind.Holdout, Weight = 1m },
        ],
    };

    /// <summary>../shared/data/hillstrom/hillstrom.csv beside the repository, else the copy in tests/data.</summary>
    public static string DefaultPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crm.Core.sln")))
            {
                var shared = Path.Combine(directory.FullName, "..", "shared", "data", "hillstrom", "hillstrom.csv");
                return File.Exists(shared) ? Path.GetFullPath(shared) : Path.Combine(directory.FullName, "tests", "data", "hillstrom", "hillstrom.csv");
            }
        }

        throw new FileNotFoundException("hillstrom.csv was not found; pass its path.");
    }

    /// <summary>Reads the file: one row per customer, numbered from 0 in file order.</summary>
    public static IReadOnlyList<HillstromRow> Load(string path) =>
        [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var f = line.Split(',');
            // From the end: history_segment "7) $1,000 +" is quoted with a comma inside.
            return new HillstromRow(i, f[^4], f[^2] == "1", decimal.Parse(f[^1], CultureInfo.InvariantCulture));
        })];

    /// <summary>Runs the experiment through a CRM on in-memory storage, in US dollars and UTC, and measures it a month after the e-mails.</summary>
    public static async Task<CampaignReport> RunAsync(IReadOnlyList<HillstromRow> rows, IProgress<string>? progress = null)
    {
        var services = new ServiceCollection();
        var clock = new SampleClock(MailDay.PlusDays(30).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
        services.AddSingleton<IClock>(clock);
        services.AddCrm(o =>
        {
            o.Currency = Currency.USD;
            o.TimeZone = DateTimeZone.Utc;
        }).UseInMemoryStorage().AddCampaigns();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var crm = provider.GetRequiredService<CrmManager>();
        var campaigns = provider.GetRequiredService<CampaignManager>();
        var joined = Instant.FromUtc(2007, 1, 1, 0, 0);
        var mailed = MailDay.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(9);

        foreach (var row in rows)
        {
            // The experiment's assignments are imported with their delivery status, so no consent is asked here.
            await crm.RegisterCustomerAsync(new CustomerProfile { Id = row.CustomerId, JoinedAt = joined });
        }

        progress?.Report($"{rows.Count:N0} customers registered");
        await campaigns.DefineAsync(Campaign);
        await campaigns.ImportAssignmentsAsync(
            CampaignId,
            rows.Select(r => new ExternalAssignment(r.CustomerId, r.Segment, mailed, r.Segment == "No E-Mail" ? CampaignDeliveryStatus.HeldOut : CampaignDeliveryStatus.Delivered)));
        progress?.Report("arms imported");

        // Each converter's two-week spend as one purchase three days after the e-mail, well inside the window.
        foreach (var row in rows.Where(r => r.Converted))
        {
            var amount = new Money(row.Spend, Currency.USD);
            await crm.RecordPurchaseAsync(new Purchase
            {
                Id = "h-" + row.Index.ToString(CultureInfo.InvariantCulture),
                CustomerId = row.CustomerId,
                StoreId = "web",
                Channel = SalesChannel.Web,
                OccurredAt = mailed + Duration.FromDays(3),
                Lines = [new PurchaseLine { LineId = "1", Sku = "merchandise", Category = "merchandise", Quantity = 1m, UnitPrice = amount }],
                PaidTotal = amount,
            });
        }

        progress?.Report($"{rows.Count(r => r.Converted):N0} purchases recorded");
        return await campaigns.MeasureAsync(CampaignId);
    }
}

/// <summary>One customer of the Hillstrom file.</summary>
/// <param name="Index">The row's number, from 0.</param>
/// <param name="Segment">The arm ("Mens E-Mail", "Womens E-Mail", "No E-Mail").</param>
/// <param name="Converted">Whether they bought in the two weeks.</param>
/// <param name="Spend">What they spent in the two weeks, in dollars.</param>
public sealed record HillstromRow(int Index, string Segment, bool Converted, decimal Spend)
{
    /// <summary>Gets the customer's id, <c>h{Index}</c>.</summary>
    public CustomerId CustomerId => new("h" + Index.ToString(CultureInfo.InvariantCulture));
}
