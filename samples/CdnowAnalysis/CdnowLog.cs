using System.Globalization;
using NodaTime;

namespace Crm.Samples;

/// <summary>Reads CDNOW_master.txt (customer id, yyyymmdd, number of CDs, dollar value; whitespace separated, one header line).</summary>
internal static class CdnowLog
{
    /// <summary>../shared/data/cdnow/CDNOW_master.txt beside the repository, else the copy in tests/data.</summary>
    public static string DefaultPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crm.Core.sln")))
            {
                var shared = Path.Combine(directory.FullName, "..", "shared", "data", "cdnow", "CDNOW_master.txt");
                return File.Exists(shared) ? Path.GetFullPath(shared) : Path.Combine(directory.FullName, "tests", "data", "cdnow", "CDNOW_master.txt");
            }
        }

        throw new FileNotFoundException("CDNOW_master.txt not found; pass its path on the command line.");
    }

    /// <summary>One purchase per line, at noon local time (the log has dates only), in time order.</summary>
    public static IReadOnlyList<Purchase> Read(string path, DateTimeZone zone)
    {
        var purchases = new List<Purchase>();
        var perCustomer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4)
            {
                continue;
            }

            var customer = fields[0];
            var date = LocalDate.FromDateTime(DateTime.ParseExact(fields[1], "yyyyMMdd", CultureInfo.InvariantCulture));
            var cds = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var dollars = decimal.Parse(fields[3], CultureInfo.InvariantCulture);
            var n = perCustomer[customer] = perCustomer.GetValueOrDefault(customer) + 1;
            var paid = new Money(dollars, Currency.USD);
            purchases.Add(new Purchase
            {
                Id = $"cdnow-{customer}-{n:D3}",
                CustomerId = new CustomerId("cdnow-" + customer),
                StoreId = "cdnow.com",
                Channel = SalesChannel.App,
                OccurredAt = date.At(new LocalTime(12, 0)).InZoneLeniently(zone).ToInstant(),
                Lines = [new PurchaseLine { LineId = "1", Sku = $"cds-{cds}", Category = "music", Quantity = 1, UnitPrice = paid }],
                PaidTotal = paid,
            });
        }

        purchases.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return purchases;
    }
}
