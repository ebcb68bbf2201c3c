using Crm.TestUtils;
using NodaTime;

namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: summaries over the Crm journal, read by purchase time through <see cref="IActivityStore.ListEntriesAsync"/>.</summary>
public sealed class TransactionSummaryJournalTests
{
    private static Instant Local(int day, int hour) =>
        new LocalDateTime(2026, 3, day, hour, 0).InZoneStrictly(TestCrm.Shanghai).ToInstant();

    [Fact]
    public async Task ReadPurchasesAsync_Journal_NetsRefundsAndSummarisesInTheShopsZone()
    {
        using var crm = TestCrm.Create(Local(30, 12));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("a1", "ann", Local(1, 10), Facts.Line("1", 40m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("a2", "ann", Local(4, 23), Facts.Line("1", 30m), Facts.Line("2", 20m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("a3", "ann", Local(6, 1), Facts.Line("1", 25m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("b1", "bob", Local(2, 9), Facts.Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("b2", "bob", Local(3, 9), Facts.Line("1", 10m)));
        await crm.Manager.RecordPurchaseAsync(Facts.Purchase("a4", "ann", Local(12, 9), Facts.Line("1", 99m)));     // after the end
        await crm.Manager.RecordRefundAsync(Facts.RefundAmount("r1", "a2", Local(20, 9), 20m));                      // later refund of a2
        await crm.Manager.RecordRefundAsync(Facts.RefundAmount("r2", "b2", Local(21, 9), 10m));                      // b2 refunded in full

        var end = Local(11, 0);
        var purchases = await TransactionSummary.ReadPurchasesAsync(crm.Activity, Local(1, 0), end, pageSize: 2);

        purchases.Select(p => (p.CustomerId.ToString(), p.Amount)).Should().Equal(("ann", 40m), ("bob", 10m), ("ann", 30m), ("ann", 25m));

        // Asia/Shanghai days: ann bought on March 1, 4 and 6; the last day of observation is March 10.
        var summaries = TransactionSummary.Summarize(purchases, end, new TransactionSummaryOptions { Zone = TestCrm.Shanghai });
        var ann = summaries.Single(s => s.CustomerId == new CustomerId("ann"));
        (ann.Frequency, ann.Recency, ann.Age, ann.AverageRepeatValue).Should().Be((2, 5.0, 9.0, 27.5));
        var bob = summaries.Single(s => s.CustomerId == new CustomerId("bob"));
        (bob.Frequency, bob.Age).Should().Be((0, 8.0));
    }

    [Fact]
    public async Task ReadPurchasesAsync_EndNotAfterStart_ThrowsArgumentOutOfRange()
    {
        using var crm = TestCrm.Create(Local(30, 12));

        var act = () => TransactionSummary.ReadPurchasesAsync(crm.Activity, Local(5, 0), Local(5, 0));

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
