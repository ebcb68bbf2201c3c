using NodaTime;

namespace Crm.LoadHarness;

/// <summary>
/// The purchases both sides write: 3-line purchases (coffee, bakery, tea) of customers drawn from a fixed population,
/// one minute apart, so a run is the same on every machine and for the library and the raw writer alike.
/// </summary>
internal sealed class Workload(string run, int customers, int seed)
{
    public static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 1, 0);

    private static readonly (string Sku, string Category, decimal Price)[] Menu =
    [
        ("latte", "coffee", 18m), ("americano", "coffee", 15m), ("croissant", "bakery", 12m), ("bagel", "bakery", 9m), ("oolong", "tea", 16m), ("jasmine", "tea", 14m),
    ];

    public string Run { get; } = run;

    /// <summary>The purchase of a number: its customer drawn from the population, its three lines from the menu.</summary>
    public Purchase Purchase(int number)
    {
        var random = new Random(HashCode.Combine(seed, number));
        var lines = new PurchaseLine[3];
        var total = 0m;
        for (var i = 0; i < lines.Length; i++)
        {
            var (sku, category, price) = Menu[random.Next(Menu.Length)];
            var quantity = random.Next(1, 3);
            lines[i] = new PurchaseLine { LineId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sku = sku, Category = category, Quantity = quantity, UnitPrice = new Money(price, Currency.CNY) };
            total += price * quantity;
        }

        return new Purchase
        {
            Id = $"{Run}-p{number}",
            CustomerId = new CustomerId($"{Run}-c{random.Next(customers)}"),
            StoreId = $"s{random.Next(20)}",
            Channel = SalesChannel.InStore,
            OccurredAt = Start + Duration.FromMinutes(number),
            Lines = lines,
            PaidTotal = new Money(total, Currency.CNY),
        };
    }
}
