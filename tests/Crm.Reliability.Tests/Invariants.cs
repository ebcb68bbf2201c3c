using Crm.Coupons;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reliability.Tests;

/// <summary>What must hold in a database after any run, crashed, faulty or not, and the state it holds.</summary>
internal static class Invariants
{
    /// <summary>
    /// Checks every customer and coupon of a run: metrics equal the journal and count no purchase twice; every points
    /// balance equals its ledger sum, with one earn entry per recorded purchase and no redemption twice; every coupon was
    /// issued once, redeemed at most once and within the budget. Returns the state for comparing runs.
    /// </summary>
    /// <param name="services">The CRM over the database.</param>
    /// <param name="run">The run.</param>
    /// <param name="customers">The run's number of customers.</param>
    /// <remarks>
    /// A purchase and its points are one unit of work, so these hold after a crash too: no purchase is ever in the journal
    /// without its points.
    /// </remarks>
    public static async Task<RunState> CheckAsync(IServiceProvider services, string run, int customers)
    {
        var activity = services.GetRequiredService<IActivityStore>();
        var points = services.GetRequiredService<PointsManager>();
        var coupons = services.GetRequiredService<ICouponStore>();
        var state = new RunState();
        for (var c = 0; c < customers; c++)
        {
            var customer = WorkPlan.Customer(run, c);
            var journal = await JournalAsync(activity, customer);
            foreach (var entry in journal)
            {
                state.PurchaseIds.Add(entry.Id).Should().BeTrue($"purchase {entry.Id} must be in the journal once");
            }

            var metrics = await activity.GetMetricsAsync(customer);
            if (journal.Count == 0)
            {
                metrics.Should().BeNull();
            }
            else
            {
                metrics.Should().Be(CustomerMetrics.Recompute(customer, Currency.CNY, journal), $"metrics of {customer} must equal its journal");
                journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i));
            }

            var ledger = await LedgerAsync(points, customer);
            var balance = await points.GetBalanceAsync(customer);
            balance.Total.Should().Be(new PointAmount(ledger.Sum(e => e.Points.Value)), $"the balance of {customer} must equal its ledger sum");
            balance.Available.Should().Be(balance.Total, "no points are pending or expiring in these runs");
            balance.Total.Value.Should().BeGreaterThanOrEqualTo(0, "a redemption never takes more than is available");
            ledger.Select(e => e.Key).Should().OnlyHaveUniqueItems($"no write of {customer} is in the ledger twice");
            var earned = ledger.Where(e => e.Kind == PointsEntryKind.Earn).Select(e => (e.Key, e.Points)).ToList();
            var purchasesEarn = journal.Select(e => ("purchase:" + e.Id, new PointAmount((long)decimal.Floor(e.Amount.Amount)))).ToList();
            earned.Should().BeEquivalentTo(purchasesEarn, $"each of {customer}'s purchases earned in its own unit of work, once, one point per whole CNY, and nothing else earns");
            foreach (var entry in ledger.Where(e => e.Kind != PointsEntryKind.Earn))
            {
                entry.Kind.Should().Be(PointsEntryKind.Redemption);
                entry.Points.Value.Should().BeNegative();
                state.Redemptions.Add(entry.Key["redeem:".Length..], -entry.Points.Value);
            }

            state.Customers.Add(new CustomerState(customer, metrics, balance, [.. ledger.Select(e => $"{e.Sequence} {e.Kind} {e.Key} {e.Points.Value}")]));
        }

        for (var k = 0; k < WorkPlan.Coupons; k++)
        {
            var wallet = await coupons.ListByCustomerAsync(WorkPlan.CouponOwner(run, k, customers));
            var coupon = wallet.Should().ContainSingle(x => x.IssueKey == WorkPlan.CouponIssueKey(run, k), "a coupon is issued once per key, whichever process asks").Subject;
            if (coupon.Status == CouponStatus.Redeemed)
            {
                coupon.RedemptionKey.Should().NotBeNull();
            }
            else
            {
                coupon.Status.Should().Be(CouponStatus.Active);
                coupon.RedemptionKey.Should().BeNull();
            }

            state.Coupons.Add(coupon.Status == CouponStatus.Redeemed ? coupon.RedemptionKey : null);
        }

        var usage = await coupons.GetUsageAsync(WorkPlan.CouponTemplateId(run));
        usage.Issued.Should().Be(WorkPlan.Coupons);
        usage.Redeemed.Should().Be(state.Coupons.Count(k => k is not null), "the template's redemption counter equals the redeemed coupons");
        usage.Redeemed.Should().BeLessThanOrEqualTo(WorkPlan.CouponRedemptionBudget, "the budget holds across processes");
        return state;
    }

    /// <summary>Opens the stores of a database through the public registration, as a host would.</summary>
    public static ServiceProvider Open(string run, Action<ICrmBuilder> storage)
    {
        var services = new ServiceCollection();
        storage(services.AddReliabilityCrm(run));
        return services.BuildServiceProvider();
    }

    /// <summary>The plan's distinct purchases.</summary>
    public static List<Purchase> Purchases(string run, IEnumerable<int> numbers, int customers) =>
        [.. numbers.Distinct().Select(n => WorkPlan.Operation(run, n, customers)).OfType<RecordPurchase>().Select(p => p.Purchase)];

    /// <summary>Checks that a state holds exactly these purchases, each customer's net spend their paid totals' sum.</summary>
    public static void ShouldHoldExactly(RunState state, IReadOnlyList<Purchase> purchases)
    {
        state.PurchaseIds.Should().BeEquivalentTo(purchases.Select(p => p.Id));
        foreach (var customer in purchases.GroupBy(p => p.CustomerId))
        {
            state.Customers.Single(c => c.Customer == customer.Key).Metrics!.NetSpend.Should().Be(customer.Select(p => p.PaidTotal).Aggregate((a, b) => a + b));
        }
    }

    private static async Task<List<ActivityEntry>> JournalAsync(IActivityStore store, CustomerId customer)
    {
        var journal = new List<ActivityEntry>();
        for (long after = 0; ;)
        {
            var page = await store.GetEntriesAsync(customer, after, 200);
            journal.AddRange(page);
            if (page.Count < 200)
            {
                return journal;
            }

            after = page[^1].Sequence;
        }
    }

    private static async Task<List<PointsEntry>> LedgerAsync(PointsManager points, CustomerId customer)
    {
        var ledger = new List<PointsEntry>();
        for (long? before = null; ;)
        {
            var page = await points.GetStatementAsync(customer, before, 200);
            ledger.AddRange(page.Entries);
            if (page.NextBefore is not { } next)
            {
                return [.. ledger.OrderBy(e => e.Sequence)];
            }

            before = next;
        }
    }
}

/// <summary>One customer's state: metrics, points balance and ledger (sequence, kind, key, points).</summary>
internal sealed record CustomerState(CustomerId Customer, CustomerMetrics? Metrics, PointsBalance Balance, IReadOnlyList<string> Ledger);

/// <summary>The state of a run in a database: what was recorded, redeemed and confirmed.</summary>
internal sealed class RunState
{
    public HashSet<string> PurchaseIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Points redeemed per redemption key.</summary>
    public Dictionary<string, long> Redemptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Per coupon number, the key it was redeemed under, or null while it is active.</summary>
    public List<string?> Coupons { get; } = [];

    public List<CustomerState> Customers { get; } = [];
}
