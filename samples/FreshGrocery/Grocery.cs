using NodaTime;

namespace Crm.Samples;

/// <summary>Generates a grocery chain's year from a fixed seed: customers with their own pace and basket size; some stop coming.</summary>
internal static class Grocery
{
    private static readonly string[] Categories = ["vegetables", "fruit", "meat", "dairy", "bakery"];

    public static PurchaseLine Line(string id, string category, decimal amount) => new()
    {
        LineId = id,
        Sku = category + "-basket",
        Category = category,
        Quantity = 1,
        UnitPrice = new Money(amount, Currency.CNY),
    };

    /// <summary>Every purchase of the year, in time order: about 2.6 per customer, between 1 and 24.</summary>
    public static IReadOnlyList<Purchase> Purchases(int customers, Instant asOf, int seed)
    {
        var random = new Random(seed);
        var yearStart = asOf - Duration.FromDays(365);
        var purchases = new List<Purchase>(customers * 3);
        for (var c = 1; c <= customers; c++)
        {
            var id = new CustomerId($"g{c:D6}");
            var first = yearStart + Duration.FromMinutes(random.Next(365 * 24 * 60));
            var visits = 24;
            var gapDays = 7 + random.Next(40);
            var spend = 40 + random.Next(160);
            var at = first;
            // After each visit a customer may leave for good, with their own chance (5% to 55%), as the BG/NBD model assumes.
            var leave = 0.05 + (random.NextDouble() * 0.5);
            for (var v = 0; v < visits && at < asOf && (v == 0 || random.NextDouble() >= leave); v++)
            {
                var lines = new List<PurchaseLine>();
                var count = 1 + random.Next(3);
                for (var l = 0; l < count; l++)
                {
                    lines.Add(Line((l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Categories[random.Next(Categories.Length)], decimal.Round((decimal)(spend * (0.3 + random.NextDouble()) / count), 2)));
                }

                purchases.Add(new Purchase
                {
                    Id = $"{id}-{v:D2}",
                    CustomerId = id,
                    StoreId = $"sh-fresh-{1 + random.Next(12):D2}",
                    Channel = random.Next(4) == 0 ? SalesChannel.Delivery : SalesChannel.InStore,
                    OccurredAt = at,
                    Lines = lines,
                    PaidTotal = new Money(lines.Sum(l => l.UnitPrice.Amount), Currency.CNY),
                });
                at += Duration.FromDays(gapDays * (0.5 + random.NextDouble())) + Duration.FromMinutes(random.Next(600));
            }
        }

        purchases.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return purchases;
    }
}
