using NodaTime;

namespace Crm.Samples;

/// <summary>
/// Generates a coffee chain's orders from a fixed seed: each member has a habit (visits per week, a favourite
/// drink, a usual hour), a few drift away half-way through, and some come in pairs and buy two cups.
/// </summary>
internal sealed class CoffeeOrders(int seed)
{
    public static readonly (string Sku, string Category, decimal Price)[] Menu =
    [
        ("americano", "coffee", 18m), ("latte", "coffee", 22m), ("oat-latte", "coffee", 25m), ("flat-white", "coffee", 26m),
        ("cold-brew", "coffee", 24m), ("matcha-latte", "tea", 23m), ("croissant", "bakery", 14m),
    ];

    private static readonly string[] Stores = ["sh-jingan-01", "sh-xuhui-02", "sh-pudong-03"];

    public sealed record Member(CustomerId Id, LocalDate? Birthday, double VisitsPerWeek, int Favourite, int UsualHour, int? StopsOnDay);

    /// <summary>Members with their habits; one in eight stops coming somewhere after the first half of the period.</summary>
    public IReadOnlyList<Member> Members(int count, int days)
    {
        var random = new Random(seed);
        var members = new List<Member>(count);
        for (var i = 1; i <= count; i++)
        {
            var birthday = random.Next(4) == 0 ? (LocalDate?)null : new LocalDate(1975 + random.Next(30), 1, 1).PlusDays(random.Next(365));
            var visits = random.Next(10) switch { 0 or 1 or 2 => 0.5, 3 or 4 or 5 => 1.5, 6 or 7 => 3, _ => 6 };
            var stops = random.Next(8) == 0 ? days / 2 + random.Next(days / 4) : (int?)null;
            members.Add(new Member(new CustomerId($"m{i:D5}"), birthday, visits, random.Next(Menu.Length - 1), 7 + random.Next(12), stops));
        }

        return members;
    }

    /// <summary>Every order of the period, in time order.</summary>
    public IReadOnlyList<Purchase> Orders(IReadOnlyList<Member> members, LocalDate start, int days)
    {
        var random = new Random(seed + 1);
        var orders = new List<Purchase>();
        foreach (var member in members)
        {
            var lastDay = member.StopsOnDay ?? days;
            for (var day = 0; day < lastDay; day++)
            {
                if (random.NextDouble() >= member.VisitsPerWeek / 7)
                {
                    continue;
                }

                var hour = Math.Clamp(member.UsualHour + random.Next(-1, 2), 7, 21);
                var at = start.PlusDays(day).At(new LocalTime(hour, random.Next(60))).InZoneLeniently(SampleHost.Shanghai).ToInstant();
                var drink = random.Next(4) == 0 ? random.Next(Menu.Length - 1) : member.Favourite;
                var lines = new List<PurchaseLine> { Line("1", drink, random.Next(4) == 0 ? 2 : 1) };
                if (random.Next(5) == 0)
                {
                    lines.Add(Line("2", Menu.Length - 1, 1));
                }

                orders.Add(new Purchase
                {
                    Id = $"{member.Id}-{day:D3}",
                    CustomerId = member.Id,
                    StoreId = Stores[random.Next(Stores.Length)],
                    Channel = random.Next(3) == 0 ? SalesChannel.InStore : SalesChannel.App,
                    OccurredAt = at,
                    Lines = lines,
                    PaidTotal = new Money(lines.Sum(l => l.UnitPrice.Amount * l.Quantity), Currency.CNY),
                });
            }
        }

        orders.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return orders;
    }

    /// <summary>The same order with the amount paid after coupons.</summary>
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

    private static PurchaseLine Line(string id, int item, int quantity) => new()
    {
        LineId = id,
        Sku = Menu[item].Sku,
        Category = Menu[item].Category,
        Quantity = quantity,
        UnitPrice = new Money(Menu[item].Price, Currency.CNY),
    };
}
