using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Samples;

/// <summary>
/// What every sample shares: command-line options (<c>--in-memory</c>, <c>--seed N</c>, <c>--db PATH</c>,
/// <c>--culture zh-CN</c> for explanations in Chinese), the storage
/// choice (a fresh SQLite file by default), the programme settings (CNY, Asia/Shanghai) and a fixed-time clock the
/// sample advances, so every run prints the same numbers.
/// </summary>
internal sealed class SampleHost
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private SampleHost(string name, bool inMemory, int seed, string databasePath, System.Globalization.CultureInfo culture, IReadOnlyList<string> rest)
    {
        Culture = culture;
        Name = name;
        InMemory = inMemory;
        Seed = seed;
        DatabasePath = databasePath;
        Arguments = rest;
    }

    public string Name { get; }

    public bool InMemory { get; }

    public int Seed { get; }

    public string DatabasePath { get; }

    /// <summary>Gets the culture of the library's explanations (English unless <c>--culture</c> says otherwise).</summary>
    public System.Globalization.CultureInfo Culture { get; }

    /// <summary>Arguments that are not options (such as a data file path).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Gets the programme's currency (CNY unless the sample says otherwise).</summary>
    public Currency Currency { get; private set; } = Currency.CNY;

    /// <summary>Gets the programme's time zone (Asia/Shanghai unless the sample says otherwise).</summary>
    public DateTimeZone Zone { get; private set; } = Shanghai;

    public string StorageDescription => InMemory ? "in-memory storage" : $"SQLite file {DatabasePath}";

    public static SampleHost Parse(string name, string[] args)
    {
        var inMemory = false;
        var seed = 20261201;
        var database = Path.Combine(AppContext.BaseDirectory, name.ToLowerInvariant() + ".db");
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--in-memory":
                    inMemory = true;
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--culture" when i + 1 < args.Length:
                    culture = System.Globalization.CultureInfo.GetCultureInfo(args[++i]);
                    Console.OutputEncoding = System.Text.Encoding.UTF8;
                    break;
                case "--db" when i + 1 < args.Length:
                    database = Path.GetFullPath(args[++i]);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new SampleHost(name, inMemory, seed, database, culture, rest);
    }

    /// <summary>Adds the CRM with the sample's settings and storage; the sample then adds its packages to the builder.</summary>
    public ICrmBuilder AddCrm(IServiceCollection services, IClock clock, Currency? currency = null, DateTimeZone? zone = null, Action<CrmOptions>? options = null)
    {
        services.AddSingleton(clock);
        Currency = currency ?? Currency.CNY;
        Zone = zone ?? Shanghai;
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency;
            o.TimeZone = Zone;
            o.Culture = Culture;
            options?.Invoke(o);
        });
        if (InMemory)
        {
            builder.UseInMemoryStorage();
        }
        else
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabasePath + suffix);
            }

            builder.UseSqliteStorage(o => o.ConnectionString = $"Data Source={DatabasePath}");
        }

        return builder;
    }

    public void PrintHeader(string title)
    {
        Console.WriteLine(title);
        Console.WriteLine(new string('=', title.Length));
        Console.WriteLine($"{StorageDescription}, seed {Seed}, prices in {Currency.Code}, times in {Zone.Id}");
        Console.WriteLine();
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('-', title.Length));
    }
}
