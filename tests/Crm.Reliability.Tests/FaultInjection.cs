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
/// Wraps the activity, points and coupon stores so that a random fraction of calls fail: half before reaching the store,
/// half after the store did the work (the write happened but the answer was lost).
/// </summary>
internal sealed class FaultInjector(int seed, double rate)
{
    private readonly Random _random = new(seed);
    private bool _stopped;

    public int Retries { get; set; }

    public int LostAnswers { get; private set; }

    /// <summary>Replaces the stores registered in <paramref name="services"/> with faulty wrappers around them.</summary>
    public void Decorate(IServiceCollection services)
    {
        Wrap<IActivityStore>(services);
        Wrap<IPointsLedgerStore>(services);
        Wrap<ICouponStore>(services);
    }

    /// <summary>No more faults from now on (for reading the final state).</summary>
    public void Stop() => _stopped = true;

    private void Wrap<T>(IServiceCollection services)
        where T : class
    {
        var inner = services.Single(d => d.ServiceType == typeof(T));
        services.Replace(ServiceDescriptor.Singleton<T>(sp =>
        {
            var store = (T)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!));
            var proxy = DispatchProxy.Create<T, FaultyProxy>();
            ((FaultyProxy)(object)proxy).Attach(store, this);
            return proxy;
        }));
    }

    private Fault Roll() => _stopped || _random.NextDouble() >= rate ? Fault.None : _random.Next(2) == 0 ? Fault.Before : Fault.After;

    private enum Fault
    {
        None,
        Before,
        After,
    }

    /// <summary>The wrapper: every store method returns a task, so a lost answer is the store's task followed by a fault.</summary>
    public class FaultyProxy : DispatchProxy
    {
        private static readonly MethodInfo LoseAnswerMethod = typeof(FaultyProxy).GetMethod(nameof(LoseAnswerAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        private object _inner = null!;
        private FaultInjector _faults = null!;

        internal void Attach(object inner, FaultInjector faults) => (_inner, _faults) = (inner, faults);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var fault = _faults.Roll();
            if (fault == Fault.Before)
            {
                throw new InjectedFaultException($"{targetMethod.Name}: connection refused");
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
            return LoseAnswerMethod.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [result, targetMethod.Name]);
        }

        private static async Task<T> LoseAnswerAsync<T>(Task<T> task, string method)
        {
            await task;
            throw new InjectedFaultException($"{method}: connection reset after the work was done");
        }
    }
}
