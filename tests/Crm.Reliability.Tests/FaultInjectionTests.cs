using Crm.Storage.InMemory;
using Crm.Testing.Fakes;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Reliability.Tests;

/// <summary>
/// A store that fails a random fraction of calls, before the write or after it (the write happened but the answer
/// was lost): a caller that retries the front door until it succeeds ends with exactly the state of a run without faults.
/// </summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(1, 0.2)]
    [InlineData(2, 0.5)]
    public async Task RetriedFrontDoor_UnderStoreFaults_EndsInTheFaultFreeState(int seed, double faultRate)
    {
        const int Purchases = 300, Customers = 15;
        var run = $"fault{seed}";
        var numbers = Enumerable.Range(0, Purchases).ToList();
        var clean = new InMemoryActivityStore(Currency.CNY);
        var faulty = new FaultyActivityStore(new InMemoryActivityStore(Currency.CNY), new Random(seed), faultRate);

        await RecordAllAsync(Manager(clean), run, numbers, Customers);
        var retries = await RecordAllAsync(Manager(faulty), run, numbers, Customers);

        retries.Should().BeGreaterThan(0, "faults were injected");
        faulty.LostAnswers.Should().BeGreaterThan(0, "some writes happened but their answers were lost");
        for (var c = 0; c < Customers; c++)
        {
            var customer = WorkPlan.Customer(run, c);
            (await faulty.Inner.GetMetricsAsync(customer)).Should().Be(await clean.GetMetricsAsync(customer));
        }

        (await Invariants.CheckAsync(faulty.Inner, run, Customers)).Should().HaveCount(Purchases);
    }

    private static CrmManager Manager(IActivityStore store) => new(
        store,
        new NullCustomerStore(),
        [],
        [],
        new TestClock(WorkPlan.Start + Duration.FromDays(3650)),
        Options.Create(new CrmOptions { Currency = Currency.CNY, TimeZone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"] }));

    /// <summary>Records every purchase (and a replay of every fifth), retrying each call until it succeeds; returns the retries.</summary>
    private static async Task<int> RecordAllAsync(CrmManager manager, string run, IEnumerable<int> numbers, int customers)
    {
        var retries = 0;
        foreach (var number in numbers.Concat(numbers.Where(n => n % 5 == 0)))
        {
            while (true)
            {
                try
                {
                    await manager.RecordPurchaseAsync(WorkPlan.Purchase(run, number, customers));
                    break;
                }
                catch (InjectedFaultException)
                {
                    retries++;
                }
            }
        }

        return retries;
    }

    private sealed class InjectedFaultException : Exception
    {
        public InjectedFaultException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Fails a fraction of calls: half before reaching the store, half after the store did the work.</summary>
    private sealed class FaultyActivityStore(IActivityStore inner, Random random, double rate) : IActivityStore
    {
        public IActivityStore Inner { get; } = inner;

        public int LostAnswers { get; private set; }

        public async Task<AppendActivityResult> AppendAsync(ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken = default)
        {
            var fault = Roll();
            if (fault == Fault.Before)
            {
                throw new InjectedFaultException("connection refused");
            }

            var result = await Inner.AppendAsync(entry, expectedVersion, cancellationToken);
            if (fault == Fault.After)
            {
                LostAnswers++;
                throw new InjectedFaultException("connection reset after commit");
            }

            return result;
        }

        public Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
            Roll() == Fault.None ? Inner.GetMetricsAsync(customerId, cancellationToken) : throw new InjectedFaultException("timeout");

        public Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default) =>
            Roll() == Fault.None ? Inner.FindEntryAsync(kind, id, cancellationToken) : throw new InjectedFaultException("timeout");

        public Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default) =>
            Roll() == Fault.None ? Inner.GetRefundsOfPurchaseAsync(purchaseId, cancellationToken) : throw new InjectedFaultException("timeout");

        public Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
            Roll() == Fault.None ? Inner.GetEntriesAsync(customerId, afterSequence, limit, cancellationToken) : throw new InjectedFaultException("timeout");

        public Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default) =>
            Roll() == Fault.None ? Inner.ListMetricsAsync(after, limit, cancellationToken) : throw new InjectedFaultException("timeout");

        private Fault Roll() => random.NextDouble() >= rate ? Fault.None : random.Next(2) == 0 ? Fault.Before : Fault.After;

        private enum Fault
        {
            None,
            Before,
            After,
        }
    }
}
