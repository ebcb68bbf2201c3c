using Crm.Internal;
using NodaTime;

namespace Crm;

public sealed partial class CrmManager
{
    /// <summary>
    /// Records a stream of purchases (a history, a day's till export) in batches: each purchase exactly as
    /// <see cref="RecordPurchaseAsync"/> records it, with every handler, but read and committed a batch at a time.
    /// </summary>
    /// <param name="purchases">The purchases, each customer's in the order they happened.</param>
    /// <param name="options">The batch size and what to do with refused purchases; the defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives the counts after each committed batch.</param>
    /// <param name="cancellationToken">A token to cancel the import; the batches committed before it stay.</param>
    /// <returns>The counts, and the purchases skipped.</returns>
    /// <remarks>
    /// <para>A batch is split into rounds in which each customer appears once (the customer's next purchase goes to the next
    /// round, so the order per customer is kept); each round is one unit of work: its records read in one go, every purchase
    /// of it decided in memory, and all its writes committed together. A conflict with another writer repeats the round.</para>
    /// <para>Every purchase is idempotent by its id, so an import that stopped (a crash, a cancellation, a refused purchase)
    /// is resumed by running it again from the start: what was committed is replayed, which reads and writes nothing, and
    /// nothing is counted twice.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="purchases"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ImportOptions.BatchSize"/> is not positive.</exception>
    /// <exception cref="CrmValidationException">A purchase is refused and <see cref="ImportOptions.SkipInvalid"/> is off; the batches before its own are committed.</exception>
    /// <exception cref="CrmConcurrencyException">Other writers won every retry of a round; the batches before it are committed.</exception>
    public async Task<ImportResult> ImportAsync(IAsyncEnumerable<Purchase> purchases, ImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(purchases);
        options ??= new ImportOptions();
        Guard.Positive(options.BatchSize, "options.BatchSize");
        var rejected = new List<ImportRejection>();
        var totals = new ImportProgress();
        ImportProgress? reported = null;
        var batch = new List<Pending>(options.BatchSize);
        await foreach (var purchase in purchases.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            totals = totals with { Read = totals.Read + 1 };
            try
            {
                batch.Add(new Pending(purchase, _resolver.ResolvePurchase(purchase, _clock.GetCurrentInstant())));
            }
            catch (CrmValidationException error) when (options.SkipInvalid)
            {
                rejected.Add(new ImportRejection(purchase?.Id ?? string.Empty, error));
            }

            if (batch.Count == options.BatchSize)
            {
                totals = await ImportBatchAsync(batch, options, rejected, totals, cancellationToken).ConfigureAwait(false);
                progress?.Report(totals);
                reported = totals;
            }
        }

        if (batch.Count > 0)
        {
            totals = await ImportBatchAsync(batch, options, rejected, totals, cancellationToken).ConfigureAwait(false);
        }

        // The final counts, unless the last report was them already (the input ended with a full batch).
        totals = totals with { Rejected = rejected.Count };
        if (totals != reported)
        {
            progress?.Report(totals);
        }

        return new ImportResult(totals, rejected);
    }

    private async Task<ImportProgress> ImportBatchAsync(List<Pending> batch, ImportOptions options, List<ImportRejection> rejected, ImportProgress totals, CancellationToken cancellationToken)
    {
        for (var remaining = batch.ToList(); remaining.Count > 0;)
        {
            var (round, later) = NextRound(remaining);
            var results = await ImportRoundAsync(round, options, rejected, cancellationToken).ConfigureAwait(false);
            foreach (var (result, events) in results)
            {
                Count(result);
                totals = result.IsReplay ? totals with { Replayed = totals.Replayed + 1 } : totals with { Recorded = totals.Recorded + 1 };
                await PublishAsync(events).ConfigureAwait(false);
            }

            remaining = later;
        }

        batch.Clear();
        return totals with { Rejected = rejected.Count };
    }

    /// <summary>Records one round as one unit of work; a purchase refused inside it is dropped (when skipping) and the round runs again without it.</summary>
    private async Task<List<(RecordPurchaseResult Result, IReadOnlyList<CrmEvent> Events)>> ImportRoundAsync(List<Pending> round, ImportOptions options, List<ImportRejection> rejected, CancellationToken cancellationToken)
    {
        while (true)
        {
            Pending? refused = null;
            try
            {
                return await _settings.Retry.RunAsync(
                    async _ =>
                    {
                        await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                        await PrefetchAsync(
                            unit,
                            new StorePrefetch { Customers = [.. round.Select(p => p.Entry.CustomerId)], PurchaseIds = [.. round.Select(p => p.Entry.Id)] },
                            cancellationToken).ConfigureAwait(false);
                        var results = new List<(RecordPurchaseResult, IReadOnlyList<CrmEvent>)>(round.Count);
                        foreach (var pending in round)
                        {
                            refused = pending;
                            results.Add(await RecordPurchaseInAsync(unit, pending.Purchase, pending.Entry, pending.Entry.RecordedAt, cancellationToken).ConfigureAwait(false));
                        }

                        refused = null;
                        if (results.Any(r => !r.Item1.IsReplay))
                        {
                            await CommitAsync(unit, cancellationToken).ConfigureAwait(false);
                        }

                        return results;
                    },
                    CrmTelemetry.ConcurrencyRetries,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (CrmValidationException error) when (options.SkipInvalid && refused is { } purchase)
            {
                // The unit, with whatever the refused purchase had written to it, is discarded: the round runs again without it.
                rejected.Add(new ImportRejection(purchase.Entry.Id, error));
                round.Remove(purchase);
                if (round.Count == 0)
                {
                    return [];
                }
            }
        }
    }

    /// <summary>Takes the first purchase of each customer (and of each id) into a round; the rest waits for the next, in order.</summary>
    private static (List<Pending> Round, List<Pending> Later) NextRound(List<Pending> remaining)
    {
        var round = new List<Pending>();
        var later = new List<Pending>();
        var customers = new HashSet<CustomerId>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pending in remaining)
        {
            // A customer with a purchase waiting waits as a whole, so a customer's purchases stay in order.
            if (customers.Add(pending.Entry.CustomerId) && ids.Add(pending.Entry.Id))
            {
                round.Add(pending);
            }
            else
            {
                customers.Add(pending.Entry.CustomerId);
                later.Add(pending);
            }
        }

        return (round, later);
    }

    /// <summary>A purchase read from the stream and resolved, waiting for its batch.</summary>
    private sealed record Pending(Purchase Purchase, ActivityEntry Entry);
}
