using System.Diagnostics.Metrics;
using NodaTime;

namespace Crm.Internal;

/// <summary>
/// Runs an optimistic read-decide-write step again after a <see cref="CrmConcurrencyException"/>: up to
/// <see cref="CrmOptions.MaxConcurrencyRetries"/> more times, waiting a random time up to an exponentially growing bound
/// ("full jitter") between attempts, so that writers that collided do not collide again in step.
/// </summary>
/// <remarks>The one retry loop of every manager; each attempt must read again what it decides on.</remarks>
internal sealed class ConcurrencyRetry(int maxRetries, Duration baseDelay, Duration maxDelay)
{
    /// <summary>Gets the settings of the programme's options.</summary>
    public static ConcurrencyRetry From(CrmOptions options) => new(options.MaxConcurrencyRetries, options.RetryBaseDelay, options.RetryMaxDelay);

    /// <summary>Gets the number of retries after the first attempt.</summary>
    public int MaxRetries { get; } = maxRetries;

    /// <summary>Runs <paramref name="attempt"/> until it completes without a concurrency conflict or the retries are used up.</summary>
    /// <param name="attempt">One attempt; it receives the attempt's number, 0 first.</param>
    /// <param name="retries">The counter of retries to add to, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the waiting and the attempts.</param>
    /// <returns>The result of the attempt that completed.</returns>
    /// <exception cref="CrmConcurrencyException">Every attempt conflicted; the last conflict is thrown.</exception>
    public async Task<T> RunAsync<T>(Func<int, Task<T>> attempt, Counter<long>? retries, CancellationToken cancellationToken)
    {
        for (var n = 0; ; n++)
        {
            try
            {
                return await attempt(n).ConfigureAwait(false);
            }
            catch (CrmConcurrencyException) when (n < MaxRetries)
            {
                retries?.Add(1);
                var delay = DelayBefore(n + 1);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A random wait in [0, min(max, base × 2^(retry - 1))].</summary>
    private TimeSpan DelayBefore(int retry)
    {
        var bound = Math.Min(maxDelay.TotalTicks, baseDelay.TotalTicks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return bound <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * bound));
    }
}
