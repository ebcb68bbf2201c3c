using Crm.TestUtils;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Churn.Tests;

/// <summary>The whole win-back flow on SQLite: assessment with reasons, ranked list, action, won back, report.</summary>
public sealed class SqliteEndToEndTests : ChurnTestBase, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-churn-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task WinBackFlow_OnSqlite_MatchesInMemory()
    {
        var clock = new FakeClock(Local(2026, 4, 30));
        var issuer = new RecordingCouponIssuer();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = Shanghai;
        })
        .AddChurn(o => o.Policy = new ChurnPolicy
        {
            WinBack = new WinBackPolicy { Actions = [new WinBackAction { Level = ChurnLevel.Warning, Kind = WinBackActionKind.Coupon, CouponTemplateId = "wb", Channels = ContactChannels.App }] },
        })
        .UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}");
        services.AddSingleton<ICouponIssuer>(issuer);
        await using var provider = services.BuildServiceProvider();
        var crm = provider.GetRequiredService<CrmManager>();
        var churn = provider.GetRequiredService<ChurnManager>();
        await crm.RegisterCustomerAsync(new CustomerProfile { Id = new CustomerId("c1"), JoinedAt = Local(2026, 1, 1) });
        await crm.GrantAsync(new CustomerId("c1"), ContactChannels.App);
        foreach (var (id, at) in new[] { ("p1", Local(2026, 3, 1)), ("p2", Local(2026, 3, 8)), ("p3", Local(2026, 3, 15)), ("p4", Local(2026, 3, 30, 0, 30)) })
        {
            await crm.RecordPurchaseAsync(Facts.Purchase(id, "c1", at, Facts.Line("1", 30m)));
        }

        // 04-30: 31 days since 03-30 / median gap 7 = 4.43 > 2: cadence 1.0; drop: previous (03-01, 03-31] = 3 (03-08, 03-15, 03-30),
        // latest (03-31, 04-30] = 0: 100%, 0.8 -> score 1 - 0 * 0.2 = 1.0, critical; the warning action is the highest configured.
        var evaluation = await churn.EvaluateAsync(new CustomerId("c1"));
        var stored = await churn.GetAssessmentAsync(new CustomerId("c1"));
        var ranked = await churn.GetAtRiskAsync(0, 10);
        clock.Reset(Local(2026, 5, 5));
        var back = await crm.RecordPurchaseAsync(Facts.Purchase("p5", "c1", Local(2026, 5, 5), Facts.Line("1", 30m)));
        var report = await churn.GetWinBackReportAsync(Local(2026, 4, 1), Local(2026, 6, 1));

        evaluation.Assessment.Level.Should().Be(ChurnLevel.Critical);
        evaluation.WinBack.Should().Be(WinBackStatus.ActionTaken);
        stored!.Reasons.Should().Equal(evaluation.Assessment.Reasons);
        (stored with { Reasons = evaluation.Assessment.Reasons }).Should().Be(evaluation.Assessment);
        ranked.Should().ContainSingle().Which.CustomerId.Should().Be(new CustomerId("c1"));
        issuer.Issued.Should().ContainSingle().Which.IdempotencyKey.Should().Be("churn:c1:1:warning");
        back.GetOutcome<ChurnEpisode>()!.Outcome.Should().Be(ChurnEpisodeOutcome.WonBack);
        report.Rate.Should().Be(1.0);

        // The purchase re-assessed the customer: 0 days since the last purchase; previous window (03-06, 04-05] has 3, latest
        // (04-05, 05-05] has 1: down 66.7% -> 0.667 * 0.8 = 0.533, warning.
        (await churn.GetAssessmentAsync(new CustomerId("c1")))!.Level.Should().Be(ChurnLevel.Warning);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
