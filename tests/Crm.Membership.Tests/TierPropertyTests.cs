using Crm.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Membership.Tests;

/// <summary>
/// The tier after a random sequence of purchases and refunds, processed incrementally through the front door, equals the
/// tier a from-scratch model computes from the same history and policy: tiers only rise on purchases (to the highest
/// tier the calendar-year totals reach at that moment) and, under the immediate refund policy, fall on refunds.
/// </summary>
public sealed class TierPropertyTests : MembershipTestBase
{
    [Property(MaxTest = 60)]
    public Property IncrementalTier_EqualsFromScratchModel_Holds() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), Gen.Elements(RefundDowngradePolicy.NextReview, RefundDowngradePolicy.Immediate).ToArbitrary(), (seed, steps, refunds) =>
            Run(seed, steps, refunds).GetAwaiter().GetResult());

    private static async Task<bool> Run(int seed, int steps, RefundDowngradePolicy refunds)
    {
        var random = new Random(seed);
        var policy = ThreeTiers(refunds: refunds);
        var (crm, membership, _) = Create(policy, Local(2026, 12, 31));
        using var _ = crm;
        var purchases = new List<(string Id, decimal Paid)>();
        var spend = 0m;
        var count = 0;
        var modelRank = 0;
        for (var step = 0; step < steps; step++)
        {
            var at = Local(2026, 1 + (step * 11 / Math.Max(1, steps)), 1 + random.Next(28), random.Next(24));
            if (purchases.Count == 0 || random.Next(3) > 0)
            {
                var price = random.Next(1, 60_000) / 100m;
                var id = $"p-{step}";
                await crm.Manager.RecordPurchaseAsync(Purchase(id, "c-1", at, Line("1", price)));
                purchases.Add((id, price));
                spend += price;
                count++;
                modelRank = Math.Max(modelRank, Qualify(spend, count));
            }
            else
            {
                var (id, _) = purchases[random.Next(purchases.Count)];
                try
                {
                    var result = await crm.Manager.RecordRefundAsync(RefundAmount($"r-{step}", id, at + Duration.FromDays(400) > Local(2026, 12, 31) ? Local(2026, 12, 31) : at, random.Next(1, 30_000) / 100m));
                    spend -= result.RefundedAmount.Amount;
                    if (refunds == RefundDowngradePolicy.Immediate)
                    {
                        modelRank = Math.Min(modelRank, Qualify(spend, count));
                    }
                }
                catch (CrmValidationException)
                {
                    // Refused (more than is left, or dated before its purchase): nothing changed.
                }
            }
        }

        var tier = await membership.GetTierAsync(new CustomerId("c-1"));
        return tier.Rank == modelRank;
    }

    private static int Qualify(decimal spend, int count) => spend >= 3000m ? 2 : spend >= 1000m || count >= 10 ? 1 : 0;
}
