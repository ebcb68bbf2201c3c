using NodaTime;

namespace Crm.Samples;

/// <summary>Generates a grocery chain's year from a fixed seed: customers with their own pace and basket size; some stop coming.</summary>
internal static class Grocery
{
    private static readonly (string Sku, string Category)[] Products =
    [
        ("tomato", "vegetables"), ("cucumber", "vegetables"), ("potato", "vegetables"), ("scallion", "vegetables"), ("bok choy", "vegetables"),
        ("apple", "fruit"), ("banana", "fruit"), ("orange", "fruit"), ("grapes", "fruit"),
        ("pork", "meat"), ("chicken", "meat"), ("beef", "meat"),
        ("milk", "dairy"), ("yogurt", "dairy"), ("cheese", "dairy"),
        ("bread", "bakery"), ("steamed buns", "bakery"),
    ];

    // What shoppers tend to take with a product (a salad, a stir-fry, breakfast): added with 60% chance when the first is bought.
    private static readonly Dictionary<string, string> Partners = new(StringComparer.Ordinal)
    {
        ["tomato"] = "cucumber",
        ["pork"] = "scallion",
        ["milk"] = "bread",
        ["banana"] = "yogurt",
        ["chicken"] = "potato",
    };

    public static PurchaseLine Line(string id, string category, decimal amount, string? sku = null) => new()
    {
        LineId = id,
        Sku = sku ?? category + "-basket",
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
                var products = new List<(string Sku, string Category)>();
                for (var l = 1 + random.Next(3); l > 0; l--)
                {
                    var product = Products[random.Next(Products.Length)];
                    products.Add(product);
                    if (Partners.TryGetValue(product.Sku, out var partner) && random.NextDouble() < 0.6)
                    {
                        products.Add(Products.First(p => p.Sku == partner));
                    }
                }

                var lines = products.DistinctBy(p => p.Sku)
                    .Select((p, l) => Line((l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p.Category, decimal.Round((decimal)(spend * (0.3 + random.NextDouble()) / products.Count), 2), p.Sku))
                    .ToList();

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
