using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Reliability;

/// <summary>
/// The operations of a reliability run, derived only from the seed: every process and every retry computes the same
/// operation for the same number, so replays are true replays and the expected totals are known without the database.
/// Three in five numbers are purchases (which earn points), one redeems points and one confirms a single-use coupon.
/// </summary>
public static class WorkPlan
{
    /// <summary>The single-use coupons of a run: coupon k belongs to customer k modulo the number of customers.</summary>
    public const int Coupons = 20;

    /// <summary>At most this many of a run's coupons may be redeemed (the template's budget), fewer than were issued.</summary>
    public const int CouponRedemptionBudget = 15;

    public static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);

    /// <summary>The instant every worker's clock shows: after every purchase of a plan, within the coupons' validity.</summary>
    public static readonly Instant Now = Start + Duration.FromDays(3650);

    public static CustomerId Customer(string run, int index) => new($"{run}-c{index:D3}");

    public static string PurchaseId(string run, int number) => $"{run}-p{number:D6}";

    /// <summary>The coupon template a run's single-use coupons are issued from (one per run, so budgets are per run).</summary>
    public static string CouponTemplateId(string run) => $"{run}-5-off";

    /// <summary>The idempotency key coupon <paramref name="coupon"/> is issued with.</summary>
    public static string CouponIssueKey(string run, int coupon) => $"{run}-coupon{coupon:D2}";

    /// <summary>The owner of coupon <paramref name="coupon"/>.</summary>
    public static CustomerId CouponOwner(string run, int coupon, int customers) => Customer(run, coupon % customers);

    /// <summary>The operation with a given number.</summary>
    public static Operation Operation(string run, int number, int customers)
    {
        var random = new Random(number * 7919);
        return (number % 5) switch
        {
            3 => new RedeemPoints(number, Customer(run, random.Next(customers)), new PointAmount(5 + random.Next(30)), $"{run}-r{number:D6}"),
            4 => new ConfirmCoupon(number, random.Next(Coupons), $"{run}-k{number:D6}"),
            _ => new RecordPurchase(number, Purchase(run, number, customers)),
        };
    }

    /// <summary>The purchase with a given number: customer, instant, lines and paid total are fixed by the number.</summary>
    public static Purchase Purchase(string run, int number, int customers)
    {
        var random = new Random(number * 7919);
        var lines = Enumerable.Range(1, 1 + random.Next(3))
            .Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 5m + (random.Next(0, 3000) / 100m), 1 + random.Next(2), i % 2 == 0 ? "bakery" : "coffee"))
            .ToArray();
        return Crm.TestUtils.Facts.Purchase(PurchaseId(run, number), Customer(run, random.Next(customers)).Value, Start + Duration.FromMinutes(number), lines);
    }

    /// <summary>The operation numbers one worker runs, in order: its own share plus replays of other workers' numbers.</summary>
    public static IEnumerable<int> NumbersFor(int worker, int workers, int operations, int seed)
    {
        var random = new Random(seed + worker);
        for (var i = 0; i < operations; i++)
        {
            // Two in three are this worker's own operations; the rest pick any operation of the run (often another worker's).
            yield return random.Next(3) > 0 ? (i * workers) + worker : random.Next(operations * workers);
        }
    }
}

/// <summary>One operation of a plan.</summary>
public abstract record Operation(int Number);

/// <summary>Records a purchase through the front door (points are earned by its handler).</summary>
public sealed record RecordPurchase(int Number, Purchase Purchase) : Operation(Number);

/// <summary>Redeems points under an idempotency key; not enough points is a business "no".</summary>
public sealed record RedeemPoints(int Number, CustomerId Customer, PointAmount Points, string Key) : Operation(Number);

/// <summary>Confirms single-use coupon number <paramref name="Coupon"/> under a redemption key (a checkout of its own).</summary>
public sealed record ConfirmCoupon(int Number, int Coupon, string Key) : Operation(Number);
