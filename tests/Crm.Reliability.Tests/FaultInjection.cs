using System.Reflection;
using System.Runtime.ExceptionServices;
using Crm.Coupons;
using Crm.Points;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Reliability.Tests;

/// <summary>A fault a wrapped store raised on purpose: a refused connection, a timeout, or an answer lost after the work was done.</summary>
internal sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>
/// Wraps the storage so that a random fraction of calls fail: half before reaching the store, half after the store did
/// the work (the write happened but the answer was lost). Both ways in are wrapped: the stores the managers call directly
/// (redemptions, coupon confirmations) and the units of work the front door records each purchase in, where a lost answer
/// of <see cref="IStoreUnitOfWork.CommitAsync"/> is the hard case: the fact is committed, the caller is told it failed.
/// </summary>
internal sealed class FaultInjector(int seed, double rate)
{
    private readonly Random _random = new(seed);
    private bool _stopped;

    public int Retries { get; set; }

    public int LostAnswers { get; private set; }

    /// <summary>Commits whose answer was lost after every write of the unit was applied.</summary>
    public int LostCommits { get; private set; }

    /// <summary>Replaces the stores and the unit-of-work factory registered in <paramref name="services"/> with faulty wrappers.</summary>
    public void Decorate(IServiceCollection services)
    {
        Wrap<IActivityStore>(services);
        Wrap<IPointsLedgerStore>(services);
        Wrap<ICouponStore>(services);
        var units = services.Single(d => d.ServiceType == typeof(IStoreUnitOfWorkFactory));
        services.Replace(ServiceDescriptor.Singleton<IStoreUnitOfWorkFactory>(sp => new FaultyUnits(Resolve<IStoreUnitOfWorkFactory>(sp, units), this)));
    }

    /// <summary>No more faults from now on (for reading the final state).</summary>
    public void Stop() => _stopped = true;

    private static T Resolve<T>(IServiceProvider services, ServiceDescriptor inner)
        where T : class =>
        (T)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(services) ?? ActivatorUtilities.CreateInstance(services, inner.ImplementationType!));

    private void Wrap<T>(IServiceCollection services)
        where T : class
    {
        var inner = services.Single(d => d.ServiceType == typeof(T));
        services.Replace(ServiceDescriptor.Singleton<T>(sp => Faulty(Resolve<T>(sp, inner))));
    }

    private T Faulty<T>(T store)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, FaultyProxy>();
        ((FaultyProxy)(object)proxy).Attach(store, this);
        return proxy;
    }

    private Fault Roll() => _stopped || _random.NextDouble() >= rate ? Fault.None : _random.Next(2) == 0 ? Fault.Before : Fault.After;

    private static InjectedFaultException Refused(string method) => new($"{method}: connection refused");

    private static InjectedFaultException Reset(string method) => new($"{method}: connection reset after the work was done");

    private enum Fault
    {
        None,
        Before,
        After,
    }

    /// <summary>The wrapper of a store: every store method returns a task, so a lost answer is the store's task followed by a fault.</summary>
    public class FaultyProxy : DispatchProxy
    {
        private static readonly MethodInfo LoseValueMethod = typeof(FaultyProxy).GetMethod(nameof(LoseValueAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        private object _inner = null!;
        private FaultInjector _faults = null!;

        internal void Attach(object inner, FaultInjector faults) => (_inner, _faults) = (inner, faults);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var fault = _faults.Roll();
            if (fault == Fault.Before)
            {
                throw Refused(targetMethod.Name);
            }

            object? result;
            try
            {
                result = targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }

            if (fault == Fault.None)
            {
                return result;
            }

            _faults.LostAnswers++;
            return targetMethod.ReturnType == typeof(Task)
                ? LoseAnswerAsync((Task)result!, targetMethod.Name)
                : LoseValueMethod.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [result, targetMethod.Name]);
        }

        private static async Task LoseAnswerAsync(Task task, string method)
        {
            await task;
            throw Reset(method);
        }

        private static async Task<T> LoseValueAsync<T>(Task<T> task, string method)
        {
            await task;
            throw Reset(method);
        }
    }

    /// <summary>Begins units whose stores are faulty and whose commit may fail before applying anything or after applying everything.</summary>
    private sealed class FaultyUnits(IStoreUnitOfWorkFactory inner, FaultInjector faults) : IStoreUnitOfWorkFactory
    {
        public async ValueTask<IStoreUnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
        {
            if (faults.Roll() == Fault.Before)
            {
                throw Refused(nameof(BeginAsync));
            }

            return new FaultyUnit(await inner.BeginAsync(cancellationToken), faults);
        }
    }

    private sealed class FaultyUnit(IStoreUnitOfWork inner, FaultInjector faults) : IStoreUnitOfWork
    {
        public TStore GetStore<TStore>()
            where TStore : class => faults.Faulty(inner.GetStore<TStore>());

        public ValueTask PrefetchAsync(StorePrefetch prefetch, CancellationToken cancellationToken = default) =>
            faults.Roll() == Fault.Before ? throw Refused(nameof(PrefetchAsync)) : inner.PrefetchAsync(prefetch, cancellationToken);

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            var fault = faults.Roll();
            if (fault == Fault.Before)
            {
                throw Refused(nameof(CommitAsync));
            }

            await inner.CommitAsync(cancellationToken);
            if (fault == Fault.After)
            {
                faults.LostAnswers++;
                faults.LostCommits++;
                throw Reset(nameof(CommitAsync));
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
