using NodaTime;

namespace Crm.Samples;

/// <summary>Generates a milk-tea shop's orders from a fixed seed: each member has a favourite kind of tea and a usual time of day.</summary>
internal static class TeaOrders
{
    public static readonly (string Sku, string Category, decimal Price)[] Menu =
    [
        ("brown-sugar-boba", "milk-tea", 19m), ("classic-milk-tea", "milk-tea", 16m),
        ("grape-cheese", "fruit-tea", 23m), ("mango-pomelo", "fruit-tea", 21m),
        ("cheese-foam-oolong", "cheese-foam", 22m), ("egg-tart", "snack", 9m),
    ];

    public sealed record Member(CustomerId Id, string Favourite, int UsualHour, double VisitsPerWeek);

    public static IReadOnlyList<Member> Members(int count, int seed)
    {
        var random = new Random(seed);
        string[] kinds = ["milk-tea", "fruit-tea", "cheese-foam"];
        return [.. Enumerable.Range(1, count).Select(i => new Member(
            new CustomerId($"t{i:D5}"),
            kinds[random.Next(kinds.Length)],
            random.Next(3) switch { 0 => 10, 1 => 14, _ => 19 },
            random.Next(4) switch { 0 => 0.7, 1 => 1.5, 2 => 2.5, _ => 4 }))];
    }

    public static IReadOnlyList<Purchase> Orders(IReadOnlyList<Member> members, LocalDate start, int days, int seed)
    {
        var random = new Random(seed + 1);
        var orders = new List<Purchase>();
        foreach (var member in members)
        {
            for (var day = 0; day < days; day++)
            {
                if (random.NextDouble() >= member.VisitsPerWeek / 7)
                {
                    continue;
                }

                var lines = new List<PurchaseLine>();
                var drinks = random.Next(5) == 0 ? 2 : 1;
                for (var d = 0; d < drinks; d++)
                {
                    var pick = random.NextDouble() < 0.7
                        ? Array.FindIndex(Menu, m => m.Category == member.Favourite) + random.Next(member.Favourite == "cheese-foam" ? 1 : 2)
                        : random.Next(Menu.Length - 1);
                    lines.Add(Line((d + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), pick));
                }

                if (random.Next(4) == 0)
                {
                    lines.Add(Line("9", Menu.Length - 1));
                }

                var hour = Math.Clamp(member.UsualHour + random.Next(-2, 3), 9, 21);
                orders.Add(new Purchase
                {
                    Id = $"{member.Id}-{day:D3}",
                    CustomerId = member.Id,
                    StoreId = "sz-nanshan-01",
                    Channel = random.Next(2) == 0 ? SalesChannel.MiniProgram : SalesChannel.InStore,
                    OccurredAt = start.PlusDays(day).At(new LocalTime(hour, random.Next(60))).InZoneLeniently(SampleHost.Shanghai).ToInstant(),
                    Lines = lines,
                    PaidTotal = new Money(lines.Sum(l => l.UnitPrice.Amount * l.Quantity), Currency.CNY),
                });
            }
        }

        orders.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return orders;
    }

    public static Purchase WithPaidTotal(Purchase order, Money paid) => new()
    {
        Id = order.Id,
        CustomerId = order.CustomerId,
        StoreId = order.StoreId,
        Channel = order.Channel,
        OccurredAt = order.OccurredAt,
        Lines = order.Lines,
        PaidTotal = paid,
    };

    private static PurchaseLine Line(string id, int item) => new()
    {
        LineId = id,
        Sku = Menu[item].Sku,
        Category = Menu[item].Category,
        Quantity = 1,
        UnitPrice = new Money(Menu[item].Price, Currency.CNY),
    };
}
