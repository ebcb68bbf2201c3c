using Crm.Churn;
using Crm.Membership;
using Crm.Points;
using Crm.Storage.Relational;
using Crm.TestUtils;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>
/// A unit reads ahead only what the installed packages read: a table read for a package that is not installed is a
/// round trip on every fact for nothing (consent records were once read on every purchase without Churn or Feedback).
/// The store spans of the read-ahead (one per table on SQLite, in an import's rounds) name each table's store.
/// </summary>
public sealed class ReadAheadScopeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-read-ahead-{Guid.NewGuid():N}.db");

    public static TheoryData<string, string[]> Installations() => new()
    {
        // The front door alone reads the journal (metrics and replays) and nothing else.
        { "core", ["IActivityStore"] },
        { "points", ["IActivityStore", "IPointsLedgerStore"] },
        { "membership", ["IActivityStore", "IMembershipStore"] },
        { "points+birthday", ["IActivityStore", "IPointsLedgerStore", "ICustomerStore"] },
        { "points+churn", ["IActivityStore", "IPointsLedgerStore", "IChurnStore", "ICustomerStore", "IConsentStore"] },
    };

    [Theory]
    [MemberData(nameof(Installations))]
    public async Task Import_ReadsAheadOnlyTheStoresOfInstalledPackages(string installed, string[] expected)
    {
        using var recorder = new TraceRecorder(CrmTelemetry.Name, RelationalTelemetry.Name);
        using var crm = TestCrm.Create(StoreSpanScenario.Now, b =>
        {
            if (installed.Contains("points", StringComparison.Ordinal))
            {
                b.AddPoints(o => o.Rules = installed.Contains("birthday", StringComparison.Ordinal)
                    ? new EarnRules { Birthday = new BirthdayBonus { Points = 100 } }
                    : new EarnRules());
            }

            if (installed.Contains("membership", StringComparison.Ordinal))
            {
                b.AddMembership(o => o.Policy = new TierPolicy { Window = new RollingMonthsWindow { Months = 12 }, Tiers = MembershipScenarios.GoldAt100().Tiers });
            }

            if (installed.Contains("churn", StringComparison.Ordinal))
            {
                b.AddChurn(o => o.Policy = new ChurnPolicy());
            }

            b.UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}");
        });
        await crm.Manager.GetMetricsAsync(new CustomerId("warm-up"));   // the schema is migrated on first use

        var (_, spans) = await recorder.TraceAsync(() => crm.Manager.ImportAsync(Purchases(installed)));

        var prefetches = spans.Where(s => s.OperationName == "crm.unit.prefetch").Select(s => s.SpanId).ToHashSet();
        var readAhead = StoreSpanScenario.StoreSpans(spans)
            .Where(s => prefetches.Contains(s.ParentSpanId))
            .Select(s => (string?)s.GetTagItem("crm.store.read_ahead"))
            .Distinct()
            .ToList();
        readAhead.Should().BeEquivalentTo(expected, $"with {installed} installed only their stores are worth a round trip");
    }

    private static async IAsyncEnumerable<Purchase> Purchases(string run)
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
            yield return StoreSpanScenario.Purchase($"ra-{run}-{i}", $"ra-{i}");
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
