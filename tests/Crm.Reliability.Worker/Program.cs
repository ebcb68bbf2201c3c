// Usage: Crm.Reliability.Worker <sqlite|postgres> <connection string> <run id> <worker> <workers> <operations> <customers> <seed>
// Records its share of purchases (and replays of others'), printing "done <number> <status>" after each, then
// "summary <recorded> <replayed>". Exit code 0 on success.
using Crm;
using Crm.Reliability;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

var storage = args[0];
var connection = args[1];
var run = args[2];
var worker = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var workers = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
var operations = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
var customers = int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture);
var seed = int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture);

var services = new ServiceCollection();
services.AddSingleton<IClock>(new FixedClock(WorkPlan.Start + Duration.FromDays(3650)));
var crm = services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"]; o.MaxConcurrencyRetries = 100; });
if (storage == "sqlite")
{
    crm.UseSqliteStorage(o => o.ConnectionString = connection);
}
else
{
    crm.UsePostgresStorage(o => o.ConnectionString = connection);
}

await using var provider = services.BuildServiceProvider();
var manager = provider.GetRequiredService<CrmManager>();
int recorded = 0, replayed = 0;
foreach (var number in WorkPlan.NumbersFor(worker, workers, operations, seed))
{
    var result = await manager.RecordPurchaseAsync(WorkPlan.Purchase(run, number, customers));
    if (result.Status == RecordStatus.Recorded)
    {
        recorded++;
    }
    else
    {
        replayed++;
    }

    Console.WriteLine($"done {number} {result.Status}");
}

Console.WriteLine($"summary {recorded} {replayed}");
return 0;

internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
