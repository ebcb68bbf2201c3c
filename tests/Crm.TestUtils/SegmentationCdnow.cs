using System.Globalization;
using NodaTime;

namespace Crm.TestUtils;

/// <summary>The CDNOW purchase log (tests/data/cdnow/CDNOW_master.txt): 69,659 purchases of 23,570 customers, 1997-01 to 1998-06.</summary>
public static class SegmentationCdnow
{
    /// <summary>One row: customer id, local purchase date, number of CDs, dollar value.</summary>
    public readonly record struct Row(string CustomerId, LocalDate Date, int Cds, decimal Value);

    public static IReadOnlyList<Row> Read()
    {
        var rows = new List<Row>(70_000);
        foreach (var line in File.ReadLines(TestData.Path("cdnow", "CDNOW_master.txt")).Skip(1))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4)
            {
                continue;
            }

            var date = int.Parse(parts[1], CultureInfo.InvariantCulture);
            rows.Add(new Row(parts[0], new LocalDate(date / 10000, date / 100 % 100, date % 100), int.Parse(parts[2], CultureInfo.InvariantCulture), decimal.Parse(parts[3], CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>Registers every customer (joined on their first purchase date) and records every row as a one-line purchase at local noon, through the public API.</summary>
    public static async Task LoadAsync(CrmManager manager, DateTimeZone zone, IReadOnlyList<Row> rows)
    {
        foreach (var first in rows.GroupBy(r => r.CustomerId).Select(g => g.MinBy(r => r.Date)))
        {
            await manager.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId(first.CustomerId), JoinedAt = first.Date.At(new LocalTime(12, 0)).InZoneLeniently(zone).ToInstant() });
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var at = row.Date.At(new LocalTime(12, 0)).InZoneLeniently(zone).ToInstant();
            await manager.RecordPurchaseAsync(Facts.Purchase($"cdnow-{i + 1}", row.CustomerId, at, Facts.Line("1", row.Value, category: "cd")));
        }
    }
}
