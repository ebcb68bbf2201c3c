// QuickStart: record a few purchases and a refund for one customer on a SQLite file, then print what the library derived.
//   dotnet run --project samples/QuickStart               (SQLite file quickstart.db, recreated on each run)
//   dotnet run --project samples/QuickStart -- --in-memory
using Crm;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var inMemory = args.Contains("--in-memory");
var shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
var dbPath = Path.Combine(AppContext.BaseDirectory, "quickstart.db");
foreach (var suffix in new[] { "", "-wal", "-shm" })
{
    File.Delete(dbPath + suffix);
}

var services = new ServiceCollection();
var crm = services.AddCrm(o =>
{
    o.Currency = Currency.CNY;
    o.TimeZone = shanghai;
});
if (inMemory)
{
    crm.UseInMemoryStorage();
}
else
{
    crm.UseSqliteStorage(o => o.ConnectionString = $"Data Source={dbPath}");
}

await using var provider = services.BuildServiceProvider();
var manager = provider.GetRequiredService<CrmManager>();
var customer = new CustomerId("member-0001");
var cny = Currency.CNY;

await manager.RegisterCustomerAsync(new CustomerProfile
{
    Id = customer,
    JoinedAt = Instant.FromUtc(2026, 1, 5, 1, 0),
    HomeStoreId = "sh-jingan-01",
    Birthday = new LocalDate(1996, 2, 29),
    Tags = ["oat-milk"],
});

// Consent is recorded per purpose and channel, with the policy version the customer saw and where they agreed; every
// sending path (win-back, campaigns, surveys, pushes) asks these records.
foreach (var channel in new[] { ContactChannels.App, ContactChannels.Push })
{
    await manager.RecordConsentAsync(new ConsentRecord
    {
        Id = $"signup:{customer}:{channel}",
        CustomerId = customer,
        Purpose = ConsentPurpose.Marketing,
        Channel = channel,
        Granted = true,
        PolicyVersion = "2026-01",
        Source = "app-signup",
        At = Instant.FromUtc(2026, 1, 5, 1, 0),
    });
}

PurchaseLine Line(string id, string sku, string category, decimal quantity, decimal price) =>
    new() { LineId = id, Sku = sku, Category = category, Quantity = quantity, UnitPrice = new Money(price, cny) };

var purchases = new[]
{
    new Purchase
    {
        Id = "order-1001", CustomerId = customer, StoreId = "sh-jingan-01", Channel = SalesChannel.App,
        OccurredAt = Instant.FromUtc(2026, 3, 3, 0, 15),
        Lines = [Line("1", "latte-grande", "coffee", 2, 32m), Line("2", "croissant", "bakery", 1, 14m)],
        PaidTotal = new Money(63m, cny), // a 15.00 coupon was taken off at the till
    },
    new Purchase
    {
        Id = "order-1002", CustomerId = customer, StoreId = "sh-jingan-01", Channel = SalesChannel.InStore,
        OccurredAt = Instant.FromUtc(2026, 3, 17, 7, 0),
        Lines = [Line("1", "americano", "coffee", 1, 24m)],
        PaidTotal = new Money(24m, cny),
    },
    new Purchase
    {
        Id = "order-1003", CustomerId = customer, StoreId = "sh-xuhui-02", Channel = SalesChannel.Delivery,
        OccurredAt = Instant.FromUtc(2026, 4, 1, 11, 30),
        Lines = [Line("1", "cold-brew", "coffee", 3, 28m), Line("2", "cheesecake", "bakery", 1, 36m)],
        PaidTotal = new Money(120m, cny),
    },
};

Console.WriteLine($"Crm.Core QuickStart ({(inMemory ? "in-memory" : "SQLite " + dbPath)})");
Console.WriteLine();
Console.WriteLine($"{"fact",-12} {"status",-16} {"amount",12}  {"net spend after",16}");
foreach (var purchase in purchases)
{
    var result = await manager.RecordPurchaseAsync(purchase);
    Console.WriteLine($"{purchase.Id,-12} {result.Status,-16} {purchase.PaidTotal,12}  {result.Metrics.NetSpend,16}");
}

// The till retries the first order after a network error: nothing changes, and the result says so.
var replay = await manager.RecordPurchaseAsync(purchases[0]);
Console.WriteLine($"{purchases[0].Id,-12} {replay.Status,-16} {purchases[0].PaidTotal,12}  {replay.Metrics.NetSpend,16}");

// One cold brew of the delivery order comes back.
var refund = await manager.RecordRefundAsync(new Refund
{
    Id = "refund-2001", PurchaseId = "order-1003", OccurredAt = Instant.FromUtc(2026, 4, 2, 3, 0),
    Lines = [new RefundLine { LineId = "1", Quantity = 1 }],
});
Console.WriteLine($"{"refund-2001",-12} {refund.Status,-16} {-refund.RefundedAmount,12}  {refund.Metrics.NetSpend,16}");

var metrics = await manager.GetMetricsAsync(customer);
Console.WriteLine();
Console.WriteLine($"Customer {customer}: {metrics.PurchaseCount} purchases, {metrics.RefundCount} refund, net spend {metrics.NetSpend}");
Console.WriteLine($"  first purchase {metrics.FirstPurchaseAt?.InZone(shanghai).ToString("yyyy-MM-dd HH:mm", null)}, last {metrics.LastPurchaseAt?.InZone(shanghai).ToString("yyyy-MM-dd HH:mm", null)} (Asia/Shanghai)");
Console.WriteLine();
Console.WriteLine($"  {"category",-10} {"net spend",14}");
foreach (var category in metrics.Categories)
{
    Console.WriteLine($"  {category.Category,-10} {category.NetSpend,14}");
}

Console.WriteLine();
Console.WriteLine($"  {"month",-10} {"purchases",9} {"net spend",14}");
foreach (var month in metrics.Months)
{
    Console.WriteLine($"  {month.Month,-10} {month.PurchaseCount,9} {month.NetSpend,14}");
}
