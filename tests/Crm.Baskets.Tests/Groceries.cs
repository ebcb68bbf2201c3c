namespace Crm.Baskets.Tests;

/// <summary>The Groceries baskets (tests/data/groceries, a copy of ../shared/data/groceries): 9,835 baskets, 169 items.</summary>
internal static class Groceries
{
    private static readonly Lazy<IReadOnlyList<string[]>> All = new(() =>
        [.. File.ReadLines(TestData.Path("groceries", "groceries.csv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(item => item.Trim()).Where(item => item.Length > 0).Distinct(StringComparer.Ordinal).ToArray())]);

    /// <summary>Gets every basket, items trimmed (the CSV has trailing spaces on some names).</summary>
    public static IReadOnlyList<string[]> Baskets => All.Value;
}
