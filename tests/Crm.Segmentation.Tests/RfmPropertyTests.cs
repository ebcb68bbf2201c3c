using Crm.Segmentation.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Segmentation.Tests;

public sealed class RfmPropertyTests
{
    [Property(MaxTest = 200)]
    public Property MoreRecentPurchase_NeverLowerRScore_Holds(int[] days, int bins)
    {
        var b = 2 + (Math.Abs(bins % 8));
        var values = days.Select(d => Math.Abs(d % 1000)).ToArray();
        var population = Build(values.Select(d => (d, 0, 0L)));
        var checks = values.SelectMany(x => values.Select(y => (x, y))).Where(p => p.x < p.y)
            .All(p => population.Score(population.LongerAgo(p.x), b) >= population.Score(population.LongerAgo(p.y), b));
        return checks.ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property DistinctValues_BinSizesDifferByAtMostOne_Holds(int[] distinct, int bins)
    {
        var b = 2 + Math.Abs(bins % 8);
        var values = distinct.Select(v => Math.Abs((long)v)).Distinct().ToArray();
        var population = Build(values.Select(v => (0, 0, v)));
        var sizes = new int[b + 1];
        foreach (var v in values)
        {
            sizes[population.Score(population.LessMoney(v), b)]++;
        }

        var used = sizes.Skip(1).ToArray();
        return (values.Length == 0 || used.Max() - used.Min() <= 1).Label($"sizes {string.Join(",", used)}");
    }

    [Property(MaxTest = 100)]
    public Property Scores_DoNotDependOnReadOrder_Holds(List<(byte Days, byte Frequency, ushort Money)> customers, int seed)
    {
        var rows = customers.Select(c => ((int)c.Days, (int)c.Frequency, (long)c.Money)).ToList();
        List<(int, int, long)> shuffled = [.. rows.Select((r, i) => (r, key: HashCode.Combine(seed, i))).OrderBy(x => x.key).Select(x => x.r)];
        var a = Build(rows);
        var b = Build(shuffled);
        return rows.All(r =>
            a.Score(a.LongerAgo(r.Item1), 5) == b.Score(b.LongerAgo(r.Item1), 5)
            && a.Score(a.FewerPurchases(r.Item2), 5) == b.Score(b.FewerPurchases(r.Item2), 5)
            && a.Score(a.LessMoney(r.Item3), 5) == b.Score(b.LessMoney(r.Item3), 5)
            && a.MoreMoney(r.Item3) == b.MoreMoney(r.Item3)).ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property EqualValues_ShareABin_Holds(int[] values, int bins)
    {
        var b = 2 + Math.Abs(bins % 8);
        var population = Build(values.Select(v => (0, Math.Abs(v % 20), 0L)));
        return values.GroupBy(v => Math.Abs(v % 20))
            .All(g => g.Select(v => population.Score(population.FewerPurchases(Math.Abs(v % 20)), b)).Distinct().Count() == 1)
            .ToProperty();
    }

    private static Population Build(IEnumerable<(int Days, int Frequency, long Money)> rows)
    {
        var population = new Population();
        foreach (var (d, f, m) in rows)
        {
            population.Add(d, f, m);
        }

        population.Seal();
        return population;
    }
}
