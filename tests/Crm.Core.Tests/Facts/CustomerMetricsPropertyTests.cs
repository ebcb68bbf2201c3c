using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Crm.Core.Tests.Facts;

/// <summary>
/// <see cref="CustomerMetrics.Apply"/> against a model computed directly from the entries with LINQ: month buckets in
/// and out of order, refunds of older months, snapshots applied again from an earlier point (the months buffer is shared
/// between snapshots) and metrics rebuilt from their rows by the public constructor, as SQL stores do.
/// </summary>
public sealed class CustomerMetricsPropertyTests
{
    private static readonly CustomerId Customer = new("c-1");
    private static readonly YearMonth FirstMonth = new(2026, 1);
    private static readonly string[] Categories = ["coffee", "bakery", "tea", "extras"];

    private static Gen<(int Month, bool Refund, int Minor, string Category)> Facts() =>
        from month in Gen.Choose(0, 7)
        from refund in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from minor in Gen.Choose(1, 100_000)
        from category in Gen.Elements(Categories)
        select (month, refund, minor, category);

    private static Arbitrary<(ActivityEntry[] Chain, int BranchAt, ActivityEntry[] Branch)> Histories() =>
        (from chain in Facts().ArrayOf().Select(fs => fs.Take(30).ToArray())
         from branchAt in Gen.Choose(0, chain.Length)
         from branch in Facts().ArrayOf().Where(fs => fs.Length > 0).Select(fs => fs.Take(5).ToArray())
         select (Entries(chain, 0), branchAt, Entries(branch, 1000))).ToArbitrary();

    private static ActivityEntry[] Entries((int Month, bool Refund, int Minor, string Category)[] facts, int firstNumber) =>
        [.. facts.Select((f, i) => Entry(firstNumber + i, FirstMonth.PlusMonths(f.Month), f.Refund, Money.FromMinorUnits(f.Minor, Currency.CNY), f.Category))];

    [Property(MaxTest = 1000)]
    public Property Apply_EqualsModel_AlongEveryBranch_Holds() =>
        Prop.ForAll(Histories(), history =>
        {
            var snapshots = new List<CustomerMetrics> { CustomerMetrics.Empty(Customer, Currency.CNY) };
            foreach (var entry in history.Chain)
            {
                snapshots.Add(snapshots[^1].Apply(entry));
            }

            // Going on from an earlier snapshot must not disturb the later ones that share its months.
            var branched = snapshots[history.BranchAt];
            foreach (var entry in history.Branch)
            {
                branched = branched.Apply(entry);
            }

            var rebuilt = Rebuild(snapshots[history.BranchAt]);
            foreach (var entry in history.Branch)
            {
                rebuilt = rebuilt.Apply(entry);
            }

            var branchEntries = history.Chain.Take(history.BranchAt).Concat(history.Branch).ToArray();
            return Enumerable.Range(0, snapshots.Count).All(i => MatchesModel(snapshots[i], history.Chain.Take(i).ToArray()))
                && MatchesModel(branched, branchEntries)
                && MatchesModel(rebuilt, branchEntries)
                && rebuilt.Equals(branched);
        });

    [Property(MaxTest = 1000)]
    public Property Apply_LeavesEverySnapshotAlone_Holds() =>
        Prop.ForAll(Histories(), history =>
        {
            var snapshots = new List<CustomerMetrics> { CustomerMetrics.Empty(Customer, Currency.CNY) };
            foreach (var entry in history.Chain)
            {
                snapshots.Add(snapshots[^1].Apply(entry));
            }

            // A branch from an earlier snapshot: metrics are immutable values, so neither the chain's snapshots nor the
            // branch's may change whatever is applied after them.
            var taken = new List<CustomerMetrics>();
            var current = snapshots[history.BranchAt];
            foreach (var entry in history.Branch)
            {
                current = current.Apply(entry);
                taken.Add(current);
            }

            var prefix = history.Chain.Take(history.BranchAt).ToArray();
            return current.Version == history.BranchAt + history.Branch.Length
                && Enumerable.Range(0, snapshots.Count).All(i => MatchesModel(snapshots[i], history.Chain.Take(i).ToArray()))
                && Enumerable.Range(0, taken.Count).All(i => MatchesModel(taken[i], [.. prefix, .. history.Branch.Take(i + 1)]));
        });

    private static bool MatchesModel(CustomerMetrics metrics, ActivityEntry[] entries)
    {
        static Money Signed(ActivityEntry e) => e.Kind == ActivityKind.Purchase ? e.Amount : -e.Amount;
        var months = entries
            .GroupBy(e => e.PurchaseMonth)
            .OrderBy(g => g.Key)
            .Select(g => new MonthlyActivity(g.Key, g.Count(e => e.Kind == ActivityKind.Purchase), g.Aggregate(Money.Zero(Currency.CNY), (sum, e) => sum + Signed(e))))
            .ToArray();
        var window = (First: FirstMonth.PlusMonths(2), Last: FirstMonth.PlusMonths(5));
        var inWindow = months.Where(m => m.Month.CompareTo(window.First) >= 0 && m.Month.CompareTo(window.Last) <= 0).ToArray();
        return metrics.Version == entries.Length
            && metrics.Months.SequenceEqual(months)
            && metrics.SpendBetween(window.First, window.Last) == inWindow.Aggregate(Money.Zero(Currency.CNY), (sum, m) => sum + m.NetSpend)
            && metrics.PurchasesBetween(window.First, window.Last) == inWindow.Sum(m => m.PurchaseCount)
            && metrics.NetSpend == entries.Aggregate(Money.Zero(Currency.CNY), (sum, e) => sum + Signed(e))
            && metrics.Equals(CustomerMetrics.Recompute(Customer, Currency.CNY, entries));
    }

    private static CustomerMetrics Rebuild(CustomerMetrics m) =>
        new(m.CustomerId, m.Version, m.FirstPurchaseAt, m.LastPurchaseAt, m.PurchaseCount, m.RefundCount, m.NetSpend, m.Categories, m.Months);

    private static ActivityEntry Entry(int number, YearMonth month, bool refund, Money amount, string category)
    {
        var at = month.OnDayOfMonth(1).AtMidnight().InUtc().ToInstant();
        var id = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ActivityEntry
        {
            Kind = refund ? ActivityKind.Refund : ActivityKind.Purchase,
            Id = id,
            CustomerId = Customer,
            PurchaseId = id,
            OccurredAt = at,
            PurchasedAt = at,
            PurchaseMonth = month,
            StoreId = "s-1",
            Channel = SalesChannel.InStore,
            Amount = amount,
            Lines = [new ActivityLine { LineId = "1", Sku = "sku-1", Category = category, Quantity = 1m, Amount = amount }],
            RecordedAt = at,
        };
    }
}
