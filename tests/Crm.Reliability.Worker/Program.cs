// Usage: Crm.Reliability.Worker <sqlite|postgres> <connection string> <run id> <worker> <workers> <operations> <customers> <seed>
// Issues the run's single-use coupons (idempotently, as every worker does), prints "coupons <id> <id> ...", then runs
// its share of operations (and replays of others'), printing "done <number> <outcome>" after each. Exit code 0 on success.
using System.Globalization;
using Crm;
using Crm.Reliability;
using Microsoft.Extensions.DependencyInjection;

var storage = args[0];
var connection = args[1];
var run = args[2];
var worker = int.Parse(args[3], CultureInfo.InvariantCulture);
var workers = int.Parse(args[4], CultureInfo.InvariantCulture);
var operations = int.Parse(args[5], CultureInfo.InvariantCulture);
var customers = int.Parse(args[6], CultureInfo.InvariantCulture);
var seed = int.Parse(args[7], CultureInfo.InvariantCulture);

var services = new ServiceCollection();
var crm = services.AddReliabilityCrm(run);
if (storage == "sqlite")
{
    crm.UseSqliteStorage(o => o.ConnectionString = connection);
}
else
{
    crm.UsePostgresStorage(o => o.ConnectionString = connection);
}

await using var provider = services.BuildServiceProvider();
var couponIds = await Workload.IssueCouponsAsync(provider, run, customers);
Console.WriteLine("coupons " + string.Join(' ', couponIds));
foreach (var number in WorkPlan.NumbersFor(worker, workers, operations, seed))
{
    var outcome = await Workload.RunAsync(provider, WorkPlan.Operation(run, number, customers), couponIds);
    Console.WriteLine(Workload.DoneLine(number, outcome));
}

return 0;
