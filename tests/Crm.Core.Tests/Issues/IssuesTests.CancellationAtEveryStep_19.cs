namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: a cancellation at any point of the purchase path leaves all of the purchase or none of it.</summary>
public sealed partial class IssuesTests
{
    /// <summary>
    /// The checkout (points, a points-tier upgrade with its welcome coupon, a reserved coupon, a churn episode and
    /// reassessment) is recorded with the token cancelled at the k-th step of its unit (each store call, the prefetch and
    /// the commit), for k = 1, 2, 3, ... until a k past the last step, when the call completes. After every cancelled
    /// attempt the stores hold all of the purchase or none of it (with the in-memory adapter: none); recording it again
    /// without cancellation then leaves exactly what a run that was never cancelled leaves.
    /// </summary>
    [Fact]
    public async Task RecordPurchase_CancelledAtEveryStep_AllOrNothing_AndRecordingAgainEqualsAnUncancelledRun_19()
    {
        using var reference = await Shop.CreateAsync();
        await reference.Manager.RecordPurchaseAsync(Shop.TheCheckout);
        var expected = await reference.FingerprintAsync();
        var steps = reference.Units.Steps;

        var cancelledAt = new List<string>();
        for (var k = 1; ; k++)
        {
            using var shop = await Shop.CreateAsync();
            var before = await shop.FingerprintAsync();
            using var cancellation = new CancellationTokenSource();
            var taken = 0;
            string? step = null;
            shop.Units.BeforeStep = name =>
            {
                if (++taken == k)
                {
                    step = name;
                    cancellation.Cancel();
                }
            };

            var completed = true;
            try
            {
                await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                completed = false;
            }

            shop.Units.BeforeStep = null;
            var after = await shop.FingerprintAsync();
            if (completed)
            {
                // Past the last step: nothing was cancelled, and this run is the reference run.
                step.Should().BeNull($"the call completed, so no step {k} was cancelled");
                after.Should().Be(expected);
                k.Should().Be(steps.Count + 1, "every step of the reference run was cancelled once");
                break;
            }

            cancelledAt.Add(step!);
            after.Should().BeOneOf([before, expected], $"cancelled at step {k} ({step}): all of the purchase or none of it");
            after.Should().Be(before, $"cancelled at step {k} ({step}) before the commit applied anything");
            shop.Events.Events.Should().BeEmpty($"cancelled at step {k} ({step})");

            var again = await shop.Manager.RecordPurchaseAsync(Shop.TheCheckout);

            again.Status.Should().Be(RecordStatus.Recorded, $"after a cancellation at step {k} ({step}) the purchase is new");
            (await shop.FingerprintAsync()).Should().Be(expected, $"recorded again after a cancellation at step {k} ({step})");
        }

        // The path has a step in every package's store, and the commit is the last one.
        cancelledAt.Should().Equal(steps);
        cancelledAt.Should().Contain(["PrefetchAsync", "IActivityStore.AppendAsync", "IPointsLedgerStore.AppendAsync", "IMembershipStore.SaveAsync", "ICouponStore.IssueAsync", "ICouponStore.UpdateAsync", "IChurnStore.SaveEpisodeAsync", "IChurnStore.SaveAssessmentAsync"]);
        cancelledAt[^1].Should().Be("CommitAsync");
    }
}
