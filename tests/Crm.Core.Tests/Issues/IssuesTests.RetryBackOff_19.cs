using Crm.Internal;
using NodaTime;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 19: one retry helper with bounded back-off; a fact that loses its commit is read, decided and written again as a whole.</summary>
public sealed partial class IssuesTests
{
    /// <summary>
    /// The checkout's unit loses its commit N times with <see cref="CrmOptions.MaxConcurrencyRetries"/> = N: the whole fact
    /// is recorded on attempt N + 1, exactly as without conflicts. One more conflict than retries throws
    /// <see cref="CrmConcurrencyException"/> and nothing of the purchase is written or published.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task RecordPurchase_CommitConflictsNTimes_RetriesTheWholeFact_ThenGivesUpWithNothingWritten_19(int retries)
    {
        using var reference = await Shop.CreateAsync();
        await reference.Manager.RecordPurchaseAsync(Shop.TheCheckout);
        var expected = await reference.FingerprintAsync();

        using var winning = await Shop.CreateAsync(o => o.MaxConcurrencyRetries = retries);
        winning.Units.ConflictsLeft = retries;
        var result = await winning.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        result.Status.Should().Be(RecordStatus.Recorded);
        (winning.Units.CommitAttempts, winning.Units.Commits).Should().Be((retries + 1, 1));
        winning.Units.Steps.Count(s => s == "IActivityStore.AppendAsync").Should().Be(retries + 1, "every attempt reads, decides and writes the whole fact again");
        (await winning.FingerprintAsync()).Should().Be(expected);
        winning.Events.Events.Select(e => e.GetType().Name).Should().Equal(reference.Events.Events.Select(e => e.GetType().Name));

        using var losing = await Shop.CreateAsync(o => o.MaxConcurrencyRetries = retries);
        var before = await losing.FingerprintAsync();
        losing.Units.ConflictsLeft = retries + 1;
        var act = () => losing.Manager.RecordPurchaseAsync(Shop.TheCheckout);

        await act.Should().ThrowAsync<CrmConcurrencyException>();
        (losing.Units.CommitAttempts, losing.Units.Commits).Should().Be((retries + 1, 0));
        (await losing.FingerprintAsync()).Should().Be(before);
        losing.Events.Events.Should().BeEmpty();
    }

    /// <summary>The helper numbers its attempts from 0, counts each retry, and rethrows the last conflict once the retries are used up.</summary>
    [Fact]
    public async Task ConcurrencyRetry_ConflictsThenSuccess_RetriesUpToTheLimit_19()
    {
        var retry = new ConcurrencyRetry(3, Duration.Zero, Duration.Zero);
        var attempts = new List<int>();

        var value = await retry.RunAsync(n => { attempts.Add(n); return n < 3 ? throw new CrmConcurrencyException($"conflict {n}", n, n + 1) : Task.FromResult("done"); }, null, CancellationToken.None);

        value.Should().Be("done");
        attempts.Should().Equal(0, 1, 2, 3);
        attempts.Clear();
        var act = () => retry.RunAsync<string>(n => { attempts.Add(n); throw new CrmConcurrencyException($"conflict {n}", n, n + 1); }, null, CancellationToken.None);
        (await act.Should().ThrowAsync<CrmConcurrencyException>()).Which.Message.Should().Contain("conflict 3");
        attempts.Should().Equal(0, 1, 2, 3);
    }

    /// <summary>Other failures are not retried, and a cancellation during the back-off stops the retries.</summary>
    [Fact]
    public async Task ConcurrencyRetry_OtherFailuresAndCancelledWaits_AreNotRetried_19()
    {
        var attempts = 0;
        var failing = () => new ConcurrencyRetry(5, Duration.Zero, Duration.Zero).RunAsync<int>(_ => { attempts++; throw new InvalidOperationException("down"); }, null, CancellationToken.None);
        await failing.Should().ThrowAsync<InvalidOperationException>();
        attempts.Should().Be(1);

        using var cancellation = new CancellationTokenSource();
        attempts = 0;
        var waiting = () => new ConcurrencyRetry(5, Duration.FromMinutes(1), Duration.FromMinutes(1)).RunAsync<int>(
            _ =>
            {
                attempts++;
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));
                throw new CrmConcurrencyException("conflict", 0, 1);
            },
            null,
            cancellation.Token);
        await waiting.Should().ThrowAsync<OperationCanceledException>();
        attempts.Should().BeLessThanOrEqualTo(2, "a wait of up to a minute was cancelled (a zero-length random wait may let one more attempt run)");
    }
}
