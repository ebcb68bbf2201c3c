using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>
/// A random but reproducible sequence of purchases, refunds (by line and by amount, valid or not) and replays for
/// three customers, checked as it goes: refused refunds and replays change nothing, and at the end each customer's
/// incremental metrics equal a recomputation from the journal. Run it against any storage adapter.
/// </summary>
public static class ActivityScenario
{
    /// <summary>The earliest purchase instant; the CRM's clock must be at least 400 days later.</summary>
    public static readonly Instant Start = Instant.FromUtc(2025, 12, 20, 0, 0);

    private static readonly string[] Categories = ["coffee", "tea", "bakery", "fruit"];

    public static async Task<bool> RunAsync(TestCrm crm, int seed, int steps)
    {
        var random = new Random(seed);
        // Fresh ids per run, so runs may share one database.
        var run = Guid.NewGuid().ToString("N")[..12];
        var customers = new[] { $"{run}-1", $"{run}-2", $"{run}-3" };
        var purchases = new List<Purchase>();
        var refunds = new List<Refund>();
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 45 || purchases.Count == 0)
            {
                var lines = Enumerable.Range(1, random.Next(1, 4))
                    .Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(1, 5000) / 100m, random.Next(1, 4) + (random.Next(4) == 0 ? 0.5m : 0m), Categories[random.Next(Categories.Length)]))
                    .ToArray();
                var net = lines.Sum(l => decimal.Round(l.UnitPrice.Amount * l.Quantity, 2, MidpointRounding.AwayFromZero));
                var paid = decimal.Round(net * random.Next(60, 101) / 100m, 2, MidpointRounding.ToZero);
                var purchase = Purchase($"{run}-p{step}", customers[random.Next(customers.Length)], Start + Duration.FromHours(random.Next(0, 24 * 90)), paid, lines);
                purchases.Add(purchase);
                await crm.Manager.RecordPurchaseAsync(purchase);
            }
            else if (roll < 80)
            {
                var purchase = purchases[random.Next(purchases.Count)];
                var at = purchase.OccurredAt + Duration.FromHours(random.Next(0, 200));
                var refund = random.Next(2) == 0
                    ? RefundLines($"{run}-r{step}", purchase.Id, at, (purchase.Lines[random.Next(purchase.Lines.Count)].LineId, random.Next(1, 3) * 0.5m))
                    : RefundAmount($"{run}-r{step}", purchase.Id, at, random.Next(1, 3000) / 100m);
                var before = await crm.Manager.GetMetricsAsync(purchase.CustomerId);
                try
                {
                    await crm.Manager.RecordRefundAsync(refund);
                    refunds.Add(refund);
                }
                catch (CrmValidationException)
                {
                    // Refused refunds (more than is left) must leave nothing behind.
                    if (!(await crm.Manager.GetMetricsAsync(purchase.CustomerId)).Equals(before))
                    {
                        return false;
                    }
                }
            }
            else
            {
                // Replays of anything recorded change nothing.
                var customer = new CustomerId(customers[random.Next(customers.Length)]);
                var before = await crm.Manager.GetMetricsAsync(customer);
                var replay = random.Next(2) == 0 || refunds.Count == 0
                    ? (RecordResult)await crm.Manager.RecordPurchaseAsync(purchases[random.Next(purchases.Count)])
                    : await crm.Manager.RecordRefundAsync(refunds[random.Next(refunds.Count)]);
                if (replay.Status != RecordStatus.Replayed || !(await crm.Manager.GetMetricsAsync(customer)).Equals(before))
                {
                    return false;
                }
            }
        }

        foreach (var customer in customers.Select(c => new CustomerId(c)))
        {
            var metrics = await crm.Manager.GetMetricsAsync(customer);
            var journal = await crm.Manager.GetJournalAsync(customer, 0, 1000);
            var recomputed = journal.Count == 0 ? CustomerMetrics.Empty(customer, Currency.CNY) : CustomerMetrics.Recompute(customer, Currency.CNY, journal);
            if (!metrics.Equals(recomputed) || metrics.NetSpend.IsNegative)
            {
                return false;
            }
        }

        return true;
    }
}
