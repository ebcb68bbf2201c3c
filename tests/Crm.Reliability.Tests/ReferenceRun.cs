using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reliability.Tests;

/// <summary>Runs a plan in this process, one operation after another, on in-memory storage unless told otherwise, optionally with faults.</summary>
internal static class ReferenceRun
{
    /// <summary>
    /// Issues the run's coupons and carries out the operations in order, retrying each call that fails with an injected
    /// fault until it succeeds (as a till retries), then checks the invariants and returns the state.
    /// </summary>
    public static async Task<RunState> StateAsync(string run, IEnumerable<int> numbers, int customers, FaultInjector? faults = null, Action<ICrmBuilder>? storage = null)
    {
        var services = new ServiceCollection();
        (storage ?? (b => b.UseInMemoryStorage()))(services.AddReliabilityCrm(run));
        faults?.Decorate(services);
        await using var provider = services.BuildServiceProvider();
        var couponIds = await RetryAsync(() => Workload.IssueCouponsAsync(provider, run, customers), faults);
        foreach (var number in numbers)
        {
            await RetryAsync(() => Workload.RunAsync(provider, WorkPlan.Operation(run, number, customers), couponIds), faults);
        }

        faults?.Stop();
        return await Invariants.CheckAsync(provider, run, customers);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, FaultInjector? faults)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (InjectedFaultException)
            {
                faults!.Retries++;
            }
        }
    }
}
