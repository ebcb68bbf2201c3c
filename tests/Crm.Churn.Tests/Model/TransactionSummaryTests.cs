using System.Globalization;
using Crm.TestUtils;
using NodaTime;

namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: lifetimes' summary_data_from_transaction_data and calibration_and_holdout_data, definition by definition.</summary>
public sealed class TransactionSummaryTests
{
    private static readonly CustomerId Ann = new("ann");
    private static readonly CustomerId Bob = new("bob");
    private static readonly CustomerId Cat = new("cat");

    private static Instant At(int day, int hour = 12) => Instant.FromUtc(2026, 3, 1, hour, 0).Plus(Duration.FromDays(day));

    [Fact]
    public void Summarize_Days_CollapsesSameDayAndAveragesRepeatPeriodsOnly()
    {
        PurchaseTransaction[] transactions =
        [
            new(Ann, At(10), 30m),
            new(Ann, At(0, 9), 10m),
            new(Ann, At(0, 18), 5m),     // same day as the first: one purchase of 15, left out of the average
            new(Ann, At(3, 8), 12m),
            new(Ann, At(3, 20), 8m),     // same day: one repeat purchase of 20
            new(Ann, At(15), 99m),       // at/after the end: ignored
            new(Bob, At(4), 40m),
            new(Cat, At(16), 7m),        // first seen after the end: left out
        ];

        // End exclusive at day 15 midnight: the last day of observation is day 14.
        var end = Instant.FromUtc(2026, 3, 16, 0, 0);
        var summaries = TransactionSummary.Summarize(transactions, end);

        summaries.Select(s => s.CustomerId).Should().Equal(Ann, Bob);
        var ann = summaries[0];
        ann.Frequency.Should().Be(2);
        ann.Recency.Should().Be(10);
        ann.Age.Should().Be(14);
        ann.AverageRepeatValue.Should().Be(25);               // (20 + 30) / 2; the first day's 15 is not a repeat purchase
        ann.History.Should().Be(new CustomerSummary(2, 10, 14));
        ann.Spend.Should().Be(new SpendSummary(2, 25));

        var bob = summaries[1];
        (bob.Frequency, bob.Recency, bob.Age, bob.AverageRepeatValue).Should().Be((0, 0.0, 10.0, 0.0));
    }

    [Fact]
    public void Summarize_EndInsideADay_CountsOnlyPurchasesBeforeItButAgesToThatDay()
    {
        PurchaseTransaction[] transactions = [new(Ann, At(0), 1m), new(Ann, At(2, 9), 2m), new(Ann, At(2, 15), 4m)];

        var summary = TransactionSummary.Summarize(transactions, At(2, 13)).Single();

        (summary.Frequency, summary.Recency, summary.Age, summary.AverageRepeatValue).Should().Be((1, 2.0, 2.0, 2.0));
    }

    [Fact]
    public void Summarize_Weeks_CollapsesMondayToSundayWeeks()
    {
        // 2026-03-02 is a Monday.
        var monday = Instant.FromUtc(2026, 3, 2, 10, 0);
        PurchaseTransaction[] transactions =
        [
            new(Ann, monday, 10m),
            new(Ann, monday.Plus(Duration.FromDays(6)), 10m),    // Sunday, same week
            new(Ann, monday.Plus(Duration.FromDays(7)), 6m),     // next Monday: week 1
            new(Ann, monday.Plus(Duration.FromDays(22)), 4m),    // Tuesday of week 3
        ];

        var options = new TransactionSummaryOptions { Period = SummaryPeriod.Week };
        var summary = TransactionSummary.Summarize(transactions, Instant.FromUtc(2026, 4, 1, 0, 0), options).Single();

        // Last day 2026-03-31 is the Tuesday of week 4.
        (summary.Frequency, summary.Recency, summary.Age, summary.AverageRepeatValue).Should().Be((2, 3.0, 4.0, 5.0));
    }

    [Fact]
    public void Summarize_PeriodsPerUnit_DividesWholeDays()
    {
        PurchaseTransaction[] transactions = [new(Ann, At(0), 1m), new(Ann, At(3), 1m)];
        var options = new TransactionSummaryOptions { PeriodsPerUnit = 7 };

        var summary = TransactionSummary.Summarize(transactions, Instant.FromUtc(2026, 3, 15, 0, 0), options).Single();

        summary.Recency.Should().Be(3 / 7.0);
        summary.Age.Should().Be(13 / 7.0);
    }

    [Fact]
    public void Summarize_Zone_UsesTheLocalCalendar()
    {
        // 23:30 UTC on day 0 and 00:30 UTC on day 1: two days in UTC, one local day at UTC-3.
        PurchaseTransaction[] transactions = [new(Ann, At(0, 23), 1m), new(Ann, At(1, 0), 1m)];
        var zone = DateTimeZone.ForOffset(Offset.FromHours(-3));

        var utc = TransactionSummary.Summarize(transactions, At(5, 0)).Single();
        var local = TransactionSummary.Summarize(transactions, At(5, 0), new TransactionSummaryOptions { Zone = zone }).Single();

        utc.Frequency.Should().Be(1);
        local.Frequency.Should().Be(0);
    }

    [Fact]
    public void Summarize_DefaultCustomerId_ThrowsTransactionInvalid()
    {
        PurchaseTransaction[] transactions = [new(Ann, At(0), 1m), new(default, At(1), 1m)];

        var act = () => TransactionSummary.Summarize(transactions, At(5));

        act.Should().Throw<CrmValidationException>()
            .Where(e => e.ErrorCode == ChurnErrorCodes.TransactionInvalid && e.Field == "transactions[1]");
    }

    [Fact]
    public void Summarize_PeriodsPerUnitBelowOne_ThrowsArgumentOutOfRange()
    {
        var act = () => TransactionSummary.Summarize([], At(5), new TransactionSummaryOptions { PeriodsPerUnit = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SplitCalibrationHoldout_CountsHoldoutPeriodsOfCalibrationCustomersOnly()
    {
        PurchaseTransaction[] transactions =
        [
            new(Ann, At(0), 10m),
            new(Ann, At(2), 20m),
            new(Ann, At(6, 9), 3m),
            new(Ann, At(6, 17), 5m),     // same holdout day: one purchase of 8
            new(Ann, At(8), 4m),
            new(Ann, At(12), 1000m),     // after the end of observation
            new(Bob, At(1), 10m),
            new(Cat, At(7), 10m),        // first seen in the holdout: left out
        ];

        var rows = TransactionSummary.SplitCalibrationHoldout(transactions, calibrationEnd: At(5, 0), observationEnd: At(10, 0));

        rows.Select(r => r.Calibration.CustomerId).Should().Equal(Ann, Bob);
        var ann = rows[0];
        (ann.Calibration.Frequency, ann.Calibration.Recency, ann.Calibration.Age).Should().Be((1, 2.0, 4.0));
        (ann.HoldoutFrequency, ann.HoldoutAverageValue, ann.HoldoutDuration).Should().Be((2, 6.0, 5.0));
        (rows[1].HoldoutFrequency, rows[1].HoldoutAverageValue, rows[1].HoldoutDuration).Should().Be((0, 0.0, 5.0));
    }

    [Fact]
    public void SplitCalibrationHoldout_ObservationEndNotAfterCalibrationEnd_ThrowsArgumentOutOfRange()
    {
        var act = () => TransactionSummary.SplitCalibrationHoldout([], At(5), At(5));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SplitCalibrationHoldout_CdnowSample_ReproducesThePublishedCalibrationSummary()
    {
        var rows = TransactionSummary.SplitCalibrationHoldout(
            Cdnow.SampleTransactions, Cdnow.CalibrationEnd, Cdnow.ObservationEnd, new TransactionSummaryOptions { PeriodsPerUnit = 7 });

        // tests/data/cdnow/cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T (weeks, 2 decimals), zbar.
        var published = File.ReadLines(TestData.Path("cdnow", "cdnow_customers_summary_with_transactions.csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (X: int.Parse(f[1], CultureInfo.InvariantCulture), Tx: D(f[2]), T: D(f[3]), Zbar: D(f[4])));

        rows.Should().HaveCount(2357);
        foreach (var row in rows)
        {
            var c = row.Calibration;
            var p = published[c.CustomerId.ToString()];
            c.Frequency.Should().Be(p.X, "customer {0}", c.CustomerId);
            c.Recency.Should().BeApproximately(p.Tx, 0.0051, "customer {0}", c.CustomerId);
            c.Age.Should().BeApproximately(p.T, 0.0051, "customer {0}", c.CustomerId);
            c.AverageRepeatValue.Should().BeApproximately(p.Zbar, 0.0051, "customer {0}", c.CustomerId);
            row.HoldoutDuration.Should().Be(39);
        }
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
