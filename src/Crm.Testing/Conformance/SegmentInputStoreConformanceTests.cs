using Crm.Segmentation;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ISegmentInputStore"/> computes exactly what <see cref="SegmentationManager"/> computes from
/// <see cref="IActivityStore.ListMetricsAsync"/>: the RFM push-down must equal the in-memory path.
/// </summary>
public abstract class SegmentInputStoreConformanceTests
{
    /// <summary>Creates the activity store and the input store under test, over the same data.</summary>
    /// <returns>The two stores.</returns>
    protected abstract Task<(IActivityStore Activity, ISegmentInputStore Inputs)> CreateStoresAsync();

    /// <summary>
    /// Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes
    /// nothing: a host that gave up on a call must not find it done.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var (_, store) = await CreateStoresAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>Inputs equal the metrics' window sums, first and last purchase, for customers with purchases inside, outside and across the window, and refunds.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListRfmInputs_EqualsComputationFromMetrics()
    {
        var (activity, inputs) = await CreateStoresAsync();
        var prefix = ActivityEntries.NewId("rfm");
        var ids = new[] { "a", "b", "c", "d" }.Select(s => new CustomerId($"{prefix}-{s}")).ToArray();
        var t = Instant.FromUtc(2026, 1, 15, 4, 0);

        // a: in window twice, one partly refunded; b: only before the window; c: before and in; d: in window only, several categories.
        var a1 = await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[0], t, ("tea", 30m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[0], t + Duration.FromDays(40), ("coffee", 12.5m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Refund(ActivityEntries.NewId("r"), a1, t + Duration.FromDays(2), ("L1", 1m, 10m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[1], t - Duration.FromDays(400), ("tea", 99m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[2], t - Duration.FromDays(400), ("tea", 5m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[2], t + Duration.FromDays(10), ("milk", 7.25m)));
        await ActivityEntries.AppendAsync(activity, ActivityEntries.Purchase(ActivityEntries.NewId("p"), ids[3], t + Duration.FromDays(70), ("tea", 1m), ("cake", 2m)));

        var (first, last) = (new YearMonth(2025, 7), new YearMonth(2026, 6));
        var page1 = await inputs.ListRfmInputsAsync(new CustomerId(prefix), 3, first, last);
        var page2 = await inputs.ListRfmInputsAsync(page1[^1].CustomerId, 3, first, last);

        var expected = new List<RfmInput>();
        foreach (var id in ids)
        {
            var m = (await activity.GetMetricsAsync(id))!;
            expected.Add(new RfmInput(id, m.FirstPurchaseAt, m.LastPurchaseAt, m.PurchasesBetween(first, last), m.SpendBetween(first, last)));
        }

        Assert.Equal(3, page1.Count);
        Assert.Equal(expected, [.. page1, .. page2.Where(i => i.CustomerId.Value.StartsWith(prefix, StringComparison.Ordinal))]);

        // Hand-computed for a: 30 + 12.50 - 10 = 32.50 in 2 purchases; b: nothing in the window.
        Assert.Equal(new RfmInput(ids[0], t, t + Duration.FromDays(40), 2, new Money(32.50m, Currency.CNY)), page1[0]);
        Assert.Equal(0, page1[1].Frequency);
        Assert.Equal(Money.Zero(Currency.CNY), page1[1].Monetary);
    }
}
