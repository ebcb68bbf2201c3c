using System.Diagnostics;
using System.Globalization;
using Crm;
using Crm.LoadHarness;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// The load harness: the library against a raw ADO.NET baseline doing the same work, on the same machine, in the same run,
// paired round by round (library, then raw, each on a fresh database), and the medians of the rounds compared.
//   dotnet run -c Release --project benchmarks/Crm.LoadHarness -- purchases [pg|sqlite] [--purchases 3000] [--rounds 3] [--packages all|none] [--tasks 1|8]
//   dotnet run -c Release --project benchmarks/Crm.LoadHarness -- import [pg|sqlite] [--purchases 100000] [--rounds 1]
var scenario = args.FirstOrDefault() ?? "purchases";
var databases = args.Skip(1).Where(a => a is "pg" or "sqlite").DefaultIfEmpty("sqlite").ToList();
int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();
var rounds = Option("--rounds", scenario == "import" ? 1 : 3);
var purchases = Option("--purchases", scenario == "import" ? 100_000 : 3000);
var customers = Option("--customers", 10_000);
var warmup = Math.Min(500, purchases / 5);

Console.WriteLine($"{scenario}: {purchases:N0} purchases of {customers:N0} customers, {rounds} paired round(s), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| database | packages | tasks | library /s | raw /s | ratio |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var database in databases)
{
    if (scenario == "import")
    {
        await ImportAsync(database);
        continue;
    }

    foreach (var packages in new[] { Packages.All, Packages.None }.Where(p => !args.Contains("--packages") || string.Equals(args.SkipWhile(a => a != "--packages").Skip(1).FirstOrDefault(), p.ToString(), StringComparison.OrdinalIgnoreCase)))
    {
        foreach (var tasks in new[] { 1, 8 }.Where(t => !args.Contains("--tasks") || t == Option("--tasks", t)))
        {
            var library = new List<double>();
            var raw = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                library.Add(await LibraryRoundAsync(database, packages, tasks));
                raw.Add(await RawRoundAsync(database, packages, tasks));
            }

            Report(database, packages.ToString(), tasks, library, raw);
        }
    }
}

async Task<double> LibraryRoundAsync(string database, Packages packages, int tasks)
{
    await using var target = await Target.CreateAsync(database, "lib");
    await using var provider = LibraryRunner.Build(target, packages);
    var crm = provider.GetRequiredService<CrmManager>();
    var workload = new Workload("lib", customers, 7);
    await LibraryRunner.RecordAsync(crm, workload, 0, warmup, tasks);
    var clock = Stopwatch.StartNew();
    await LibraryRunner.RecordAsync(crm, workload, warmup, purchases, tasks);
    return purchases / clock.Elapsed.TotalSeconds;
}

async Task<double> RawRoundAsync(string database, Packages packages, int tasks)
{
    await using var target = await Target.CreateAsync(database, "raw");
    await CreateSchemaAsync(target);
    var writer = new RawWriter(target, packages);
    var workload = new Workload("raw", customers, 7);
    await writer.WriteAsync(workload, 0, warmup, tasks);
    var clock = Stopwatch.StartNew();
    await writer.WriteAsync(workload, warmup, purchases, tasks);
    return purchases / clock.Elapsed.TotalSeconds;
}

async Task ImportAsync(string database)
{
    var library = new List<double>();
    var baseline = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        await using (var target = await Target.CreateAsync(database, "imp"))
        {
            await using var provider = LibraryRunner.Build(target, Packages.PointsAndMembership);
            var crm = provider.GetRequiredService<CrmManager>();
            var workload = new Workload("imp", customers, 11);
            var clock = Stopwatch.StartNew();
            var result = await crm.ImportAsync(Stream(workload, purchases), new ImportOptions { BatchSize = 1000 });
            library.Add(purchases / clock.Elapsed.TotalSeconds);
            if (result.Totals.Recorded != purchases)
            {
                throw new InvalidOperationException($"The import recorded {result.Totals.Recorded} of {purchases}.");
            }
        }

        await using (var target = await Target.CreateAsync(database, "base"))
        {
            await CreateSchemaAsync(target);
            var workload = new Workload("base", customers, 11);
            var clock = Stopwatch.StartNew();
            if (database == "pg")
            {
                await CopyJournalAsync(target, workload, purchases);
            }
            else
            {
                await new RawWriter(target, Packages.PointsAndMembership).WriteAsync(workload, 0, purchases, 1);
            }

            baseline.Add(purchases / clock.Elapsed.TotalSeconds);
        }
    }

    Report(database, database == "pg" ? "import vs binary COPY of the journal" : "import vs raw replay", 1, library, baseline);
}

static async IAsyncEnumerable<Purchase> Stream(Workload workload, int count)
{
    for (var n = 0; n < count; n++)
    {
        yield return workload.Purchase(n);
    }

    await Task.CompletedTask;
}

// The schema is the library's: created by its migrations, as a host's database would be.
static async Task CreateSchemaAsync(Target target)
{
    await using var provider = LibraryRunner.Build(target, Packages.None);
    await provider.GetRequiredService<CrmManager>().GetMetricsAsync(new CustomerId("schema"));
}

// The COPY baseline: the journal's rows (entries and lines) of the purchases, by binary COPY; no metrics, no decisions.
static async Task CopyJournalAsync(Target target, Workload workload, int count)
{
    await using var connection = (NpgsqlConnection)await target.OpenRawAsync();
    var all = Enumerable.Range(0, count).Select(workload.Purchase).ToList();
    var sequences = new Dictionary<string, long>();
    await using (var entries = await connection.BeginBinaryImportAsync("COPY crm_activity_entries (kind, entry_id, customer_id, sequence, purchase_id, occurred_at, purchased_at, purchase_month, store_id, channel, amount_minor, recorded_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var p in all)
        {
            var sequence = sequences[p.CustomerId.Value] = sequences.GetValueOrDefault(p.CustomerId.Value) + 1;
            var ticks = p.OccurredAt.ToUnixTimeTicks();
            await entries.StartRowAsync();
            await entries.WriteAsync(1L);
            await entries.WriteAsync(p.Id);
            await entries.WriteAsync(p.CustomerId.Value);
            await entries.WriteAsync(sequence);
            await entries.WriteAsync(p.Id);
            await entries.WriteAsync(ticks);
            await entries.WriteAsync(ticks);
            await entries.WriteAsync(202601L);
            await entries.WriteAsync(p.StoreId);
            await entries.WriteAsync(0L);
            await entries.WriteAsync(p.PaidTotal.ToMinorUnits());
            await entries.WriteAsync(ticks);
        }

        await entries.CompleteAsync();
    }

    await using var lines = await connection.BeginBinaryImportAsync("COPY crm_activity_lines (kind, entry_id, line_no, line_id, sku, category, quantity, amount_minor) FROM STDIN (FORMAT BINARY)");
    foreach (var p in all)
    {
        for (var i = 0; i < p.Lines.Count; i++)
        {
            var line = p.Lines[i];
            await lines.StartRowAsync();
            await lines.WriteAsync(1L);
            await lines.WriteAsync(p.Id);
            await lines.WriteAsync((long)i);
            await lines.WriteAsync(line.LineId);
            await lines.WriteAsync(line.Sku);
            await lines.WriteAsync(line.Category);
            await lines.WriteAsync(line.Quantity.ToString(CultureInfo.InvariantCulture));
            await lines.WriteAsync(decimal.ToInt64(line.UnitPrice.Amount * line.Quantity * 100m));
        }
    }

    await lines.CompleteAsync();
}

static void Report(string database, string packages, int tasks, List<double> library, List<double> raw)
{
    var l = Median(library);
    var r = Median(raw);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {database} | {packages} | {tasks} | {l:N0} ({string.Join(", ", library.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}) | {r:N0} ({string.Join(", ", raw.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}) | {l / r:P0} |"));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
