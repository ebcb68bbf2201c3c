using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Reliability;

/// <summary>
/// The operations of a reliability run, derived only from the seed: every process and every retry computes the same
/// purchases for the same ids, so replays are true replays and the expected totals are known without the database.
/// </summary>
public static class WorkPlan
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);

    public static CustomerId Customer(string run, int index) => new($"{run}-c{index:D3}");

    /// <summary>The purchase with a given number: customer, instant, lines and paid total are fixed by the number.</summary>
    public static Purchase Purchase(string run, int number, int customers)
    {
        var random = new Random(number * 7919);
        var lines = Enumerable.Range(1, 1 + random.Next(3))
            .Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 5m + (random.Next(0, 3000) / 100m), 1 + random.Next(2), i % 2 == 0 ? "bakery" : "coffee"))
            .ToArray();
        return Crm.TestUtils.Facts.Purchase($"{run}-p{number:D6}", Customer(run, random.Next(customers)).Value, Start + Duration.FromMinutes(number), lines);
    }

    /// <summary>The purchase numbers one worker records, in order: its own share plus replays of other workers' numbers.</summary>
    public static IEnumerable<int> NumbersFor(int worker, int workers, int operations, int seed)
    {
        var random = new Random(seed + worker);
        for (var i = 0; i < operations; i++)
        {
            // Two in three are this worker's own purchases; the rest pick any purchase of the run (often another worker's).
            yield return random.Next(3) > 0 ? (i * workers) + worker : random.Next(operations * workers);
        }
    }
}
