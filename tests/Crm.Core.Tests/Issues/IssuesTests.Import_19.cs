using System.Globalization;
using Crm.Membership;
using Crm.Points;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: explicit imports with <see cref="CrmManager.ImportAsync"/>, equal to recording one by one.</summary>
public sealed partial class IssuesTests
{
    private static readonly Instant ImportStart = Local(2026, 1, 1, 8);

    private static readonly CustomerId[] ImportCustomers = [.. Enumerable.Range(0, 50).Select(i => new CustomerId($"imp-{i:D2}"))];

    /// <summary>1,000 purchases of 50 customers imported in batches of 200 equal, customer by customer, recording them one by one: metrics, journals, points ledgers and tiers.</summary>
    [Fact]
    public async Task ImportAsync_1000PurchasesOf50Customers_EqualsRecordingThemOneByOne_AndReportsProgress_19()
    {
        var purchases = ImportStream();
        var expected = await RecordedOneByOneAsync(purchases);
        using var crm = ImportCrm(out _);
        var progress = new List<ImportProgress>();

        var result = await crm.Manager.ImportAsync(purchases.ToAsyncEnumerable(), new ImportOptions { BatchSize = 200 }, new SynchronousProgress<ImportProgress>(progress.Add));

        result.Totals.Should().Be(new ImportProgress(1000, 1000, 0, 0));
        result.Rejected.Should().BeEmpty();
        (await Shop.FingerprintAsync(crm, ImportCustomers)).Should().Be(expected);
        progress.Select(p => (p.Read, p.Recorded)).Should().Equal((200, 200), (400, 400), (600, 600), (800, 800), (1000, 1000));
        progress[^1].Should().Be(result.Totals);

        // The story is not trivial: some customers reached silver by points and some gold by spend.
        var tiers = await Task.WhenAll(ImportCustomers.Select(c => crm.Get<MembershipManager>().GetTierAsync(c)));
        tiers.Select(t => t.Name).Distinct().Should().BeEquivalentTo("green", "silver", "gold");
    }

    /// <summary>
    /// A stream holding the same purchase twice (in one batch, and again in a later batch) records it once and counts the
    /// repeats as recorded before; an id repeated with other content is refused (and skipped with <see cref="ImportOptions.SkipInvalid"/>).
    /// </summary>
    [Fact]
    public async Task ImportAsync_StreamWithDuplicateIds_RecordsEachOnce_AndRefusesAReusedId_19()
    {
        var purchases = ImportStream();
        var expected = await RecordedOneByOneAsync(purchases);
        var stream = purchases.ToList();
        stream.Insert(150, purchases[120]);          // the same batch of 200
        stream.Insert(700, purchases[10]);           // a later batch
        stream.Add(purchases[999]);                  // the last purchase, twice in a row
        using var crm = ImportCrm(out _);

        var result = await crm.Manager.ImportAsync(stream.ToAsyncEnumerable(), new ImportOptions { BatchSize = 200 });

        result.Totals.Should().Be(new ImportProgress(1003, 1000, 3, 0));
        (await Shop.FingerprintAsync(crm, ImportCustomers)).Should().Be(expected);

        var reused = Purchase(purchases[500].Id, purchases[500].CustomerId.Value, purchases[500].OccurredAt, purchases[500].PaidTotal.Amount - 1m, [.. purchases[500].Lines]);
        var refuse = () => crm.Manager.ImportAsync(new[] { reused }.ToAsyncEnumerable());
        (await refuse.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.PurchaseIdReused);
        var skipped = await crm.Manager.ImportAsync(new[] { purchases[499], reused, purchases[501] }.ToAsyncEnumerable(), new ImportOptions { SkipInvalid = true });
        skipped.Totals.Should().Be(new ImportProgress(3, 0, 2, 1));
        skipped.Rejected.Should().ContainSingle().Which.Should().Match<ImportRejection>(r => r.PurchaseId == reused.Id && r.Error.ErrorCode == CrmErrorCodes.PurchaseIdReused);
        (await Shop.FingerprintAsync(crm, ImportCustomers)).Should().Be(expected);
    }

    /// <summary>
    /// Invalid purchases in the stream (no lines, a negative price, another currency) are rejected with their codes when
    /// skipping, and everything else is recorded as if they had never been there; without skipping the import stops at the
    /// first, with the batches before its own committed.
    /// </summary>
    [Fact]
    public async Task ImportAsync_SkipInvalid_RejectsTheInvalidAndRecordsTheRest_19()
    {
        var purchases = ImportStream();
        var expected = await RecordedOneByOneAsync(purchases);
        var noLines = Purchase("bad-1", "imp-00", ImportStart, 0m);
        var negative = Purchase("bad-2", "imp-01", ImportStart, 0m, Line("1", -5m));
        var dollars = Purchase("bad-3", "imp-02", ImportStart, 10m, Line("1", 10m));
        dollars = new Purchase
        {
            Id = dollars.Id,
            CustomerId = dollars.CustomerId,
            StoreId = dollars.StoreId,
            OccurredAt = dollars.OccurredAt,
            Lines = [new PurchaseLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1m, UnitPrice = new Money(10m, Currency.USD) }],
            PaidTotal = new Money(10m, Currency.USD),
        };
        var stream = purchases.ToList();
        stream.Insert(5, noLines);
        stream.Insert(450, negative);
        stream.Insert(990, dollars);
        using var skipping = ImportCrm(out _);

        var result = await skipping.Manager.ImportAsync(stream.ToAsyncEnumerable(), new ImportOptions { BatchSize = 200, SkipInvalid = true });

        result.Totals.Should().Be(new ImportProgress(1003, 1000, 0, 3));
        result.Rejected.Select(r => r.PurchaseId).Should().Equal("bad-1", "bad-2", "bad-3");
        result.Rejected.Select(r => r.Error.ErrorCode).Should().Equal(CrmErrorCodes.PurchaseLinesEmpty, CrmErrorCodes.PurchasePriceNegative, CrmErrorCodes.PurchaseCurrencyMismatch);
        (await Shop.FingerprintAsync(skipping, ImportCustomers)).Should().Be(expected);

        using var strict = ImportCrm(out _);
        var act = () => strict.Manager.ImportAsync(stream.Skip(6).ToAsyncEnumerable(), new ImportOptions { BatchSize = 200 });
        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.PurchasePriceNegative);
        var committed = await Task.WhenAll(ImportCustomers.Select(c => strict.Manager.GetMetricsAsync(c)));
        committed.Sum(m => m.PurchaseCount).Should().Be(400, "the two batches before the refused purchase's are committed, its own is not");
    }

    /// <summary>
    /// An import cancelled in the middle of a batch (at the commit of one of its rounds) keeps the rounds committed before;
    /// run again from the start it replays those, records the rest, and ends in the same state as recording one by one,
    /// with nothing twice.
    /// </summary>
    [Fact]
    public async Task ImportAsync_CancelledMidway_ResumedFromTheStart_EndsInTheSameStateWithoutDuplicates_19()
    {
        var purchases = ImportStream();
        var expected = await RecordedOneByOneAsync(purchases);
        using var crm = ImportCrm(out var units);
        using var cancellation = new CancellationTokenSource();
        var batches = 0;
        var commitsInSecondBatch = 0;
        units.BeforeStep = step =>
        {
            // The third round of the second batch is cancelled at its commit.
            if (step == "CommitAsync" && batches == 1 && ++commitsInSecondBatch == 3)
            {
                cancellation.Cancel();
            }
        };

        var cancelled = () => crm.Manager.ImportAsync(purchases.ToAsyncEnumerable(), new ImportOptions { BatchSize = 200 }, new SynchronousProgress<ImportProgress>(_ => batches++), cancellation.Token);

        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        units.BeforeStep = null;
        var kept = (await Task.WhenAll(ImportCustomers.Select(c => crm.Manager.GetMetricsAsync(c)))).Sum(m => m.PurchaseCount);
        kept.Should().BeGreaterThan(200, "the first batch and two rounds of the second are committed").And.BeLessThan(400);
        units.Commits.Should().Be(units.CommitAttempts - 1);

        var resumed = await crm.Manager.ImportAsync(purchases.ToAsyncEnumerable(), new ImportOptions { BatchSize = 200 });

        resumed.Totals.Should().Be(new ImportProgress(1000, 1000 - kept, kept, 0));
        (await Shop.FingerprintAsync(crm, ImportCustomers)).Should().Be(expected);
    }

    /// <summary>Points (1 per CNY, × 2 at silver and gold), silver at 300 points or gold at 1,000.00 net spend in the calendar year; no coupons.</summary>
    private static TestCrm ImportCrm(out InstrumentedUnits units)
    {
        InstrumentedUnits installed = null!;
        var crm = TestCrm.Create(Local(2026, 3, 1), b =>
        {
            b.AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m, Multipliers = [new TierBenefitMultiplier()] })
                .AddMembership(o => o.Policy = new TierPolicy
                {
                    Window = new CalendarYearWindow(),
                    Tiers =
                    [
                        new TierDefinition { Name = "green" },
                        new TierDefinition { Name = "silver", Thresholds = [new TierThreshold { Metric = TierMetric.PointsEarned, Minimum = 300m }], Benefits = new TierBenefits { PointsMultiplier = 2m } },
                        new TierDefinition { Name = "gold", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 1000m }], Benefits = new TierBenefits { PointsMultiplier = 2m } },
                    ],
                });
            installed = InstrumentedUnits.Install(b);
        });
        _ = crm.Get<IStoreUnitOfWorkFactory>();
        units = installed;
        return crm;
    }

    /// <summary>1,000 purchases of 50 customers (skewed), 37 minutes apart from 1 January 2026 08:00; one or two lines of 5.00 to 120.00; the same every time.</summary>
    private static IReadOnlyList<Purchase> ImportStream()
    {
        var random = new Random(19);
        return [.. Enumerable.Range(0, 1000).Select(i =>
        {
            var lines = Enumerable.Range(1, random.Next(1, 3))
                .Select(l => Line(l.ToString(CultureInfo.InvariantCulture), random.Next(500, 12_001) / 100m, 1m, l == 1 ? "coffee" : "bakery"))
                .ToArray();
            // Skewed: low-numbered customers buy much more often than high-numbered ones, so all three tiers occur.
            var customer = ImportCustomers[random.Next(random.Next(1, ImportCustomers.Length + 1))];
            return Purchase($"imp-p{i:D4}", customer.Value, ImportStart + Duration.FromMinutes(37 * i), lines);
        })];
    }

    private static async Task<string> RecordedOneByOneAsync(IEnumerable<Purchase> purchases)
    {
        using var crm = ImportCrm(out _);
        foreach (var purchase in purchases)
        {
            (await crm.Manager.RecordPurchaseAsync(purchase)).Status.Should().Be(RecordStatus.Recorded);
        }

        return await Shop.FingerprintAsync(crm, ImportCustomers);
    }

    /// <summary>Reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
