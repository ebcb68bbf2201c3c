using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.TestUtils;

/// <summary>
/// Units of work over the in-memory database that a test watches and steers: every call of a unit's stores (through
/// <see cref="DispatchProxy"/> proxies of the real stores), <see cref="IStoreUnitOfWork.PrefetchAsync"/> and
/// <see cref="IStoreUnitOfWork.CommitAsync"/> is a step, counted and passed to <see cref="BeforeStep"/> before it runs;
/// and the next <see cref="ConflictsLeft"/> commits lose a race (throw <see cref="CrmConcurrencyException"/>, applying nothing).
/// </summary>
public sealed class InstrumentedUnits : IStoreUnitOfWorkFactory
{
    private readonly ConcurrentQueue<string> _steps = new();
    private IStoreUnitOfWorkFactory? _inner;
    private int _conflictsLeft;
    private int _writes;
    private int _commitAttempts;
    private int _commits;

    /// <summary>Gets or sets what runs before each step (with its name, such as <c>IPointsLedgerStore.AppendAsync</c>); it may cancel the caller's token or throw.</summary>
    public Action<string>? BeforeStep { get; set; }

    /// <summary>Gets or sets how many of the next commits lose a race.</summary>
    public int ConflictsLeft
    {
        get => Volatile.Read(ref _conflictsLeft);
        set => Volatile.Write(ref _conflictsLeft, value);
    }

    /// <summary>Gets the steps taken so far, in order.</summary>
    public IReadOnlyList<string> Steps => [.. _steps];

    /// <summary>Gets the number of store writes made through units (whether committed or not).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Gets the number of calls of <see cref="IStoreUnitOfWork.CommitAsync"/>.</summary>
    public int CommitAttempts => Volatile.Read(ref _commitAttempts);

    /// <summary>Gets the number of commits that applied their unit.</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Replaces the builder's unit-of-work factory (which must be the in-memory database) with instrumented units over it.</summary>
    /// <param name="builder">The builder, after <c>UseInMemoryStorage</c>.</param>
    /// <returns>The units, to watch and steer.</returns>
    public static InstrumentedUnits Install(ICrmBuilder builder)
    {
        var units = new InstrumentedUnits();
        builder.Services.Replace(ServiceDescriptor.Singleton<IStoreUnitOfWorkFactory>(sp =>
        {
            units._inner = sp.GetRequiredService<InMemoryDatabase>();
            return units;
        }));
        return units;
    }

    /// <summary>Forgets the steps and counts so far.</summary>
    public void Reset()
    {
        _steps.Clear();
        Volatile.Write(ref _writes, 0);
        Volatile.Write(ref _commitAttempts, 0);
        Volatile.Write(ref _commits, 0);
    }

    /// <inheritdoc />
    public async ValueTask<IStoreUnitOfWork> BeginAsync(CancellationToken cancellationToken = default) =>
        new Unit(this, await (_inner ?? throw new InvalidOperationException("Resolve the factory from the service provider first.")).BeginAsync(cancellationToken));

    private void Step(string name, bool write)
    {
        _steps.Enqueue(name);
        if (write)
        {
            Interlocked.Increment(ref _writes);
        }

        BeforeStep?.Invoke(name);
    }

    /// <summary>A proxy of one store of a unit: a step per call, then the real store's call.</summary>
    public class StoreProxy : DispatchProxy
    {
        private object _target = null!;
        private InstrumentedUnits _owner = null!;

        internal void Bind(object target, InstrumentedUnits owner) => (_target, _owner) = (target, owner);

        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var name = targetMethod.Name;
            var read = name.StartsWith("Find", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal)
                || name.StartsWith("List", StringComparison.Ordinal) || name.StartsWith("Is", StringComparison.Ordinal);
            _owner.Step($"{targetMethod.DeclaringType!.Name}.{name}", !read);
            try
            {
                return targetMethod.Invoke(_target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }

    private sealed class Unit(InstrumentedUnits owner, IStoreUnitOfWork inner) : IStoreUnitOfWork
    {
        public TStore GetStore<TStore>()
            where TStore : class
        {
            var store = inner.GetStore<TStore>();
            var proxy = DispatchProxy.Create<TStore, StoreProxy>();
            ((StoreProxy)(object)proxy).Bind(store, owner);
            return proxy;
        }

        public ValueTask PrefetchAsync(StorePrefetch prefetch, CancellationToken cancellationToken = default)
        {
            owner.Step(nameof(PrefetchAsync), false);
            return inner.PrefetchAsync(prefetch, cancellationToken);
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._commitAttempts);
            owner.Step(nameof(CommitAsync), false);
            if (Interlocked.Decrement(ref owner._conflictsLeft) >= 0)
            {
                // Lost a race: the unit is not applied (it is discarded when disposed).
                throw new CrmConcurrencyException("a record of the unit (instrumented conflict)", 1, 2);
            }

            Interlocked.Increment(ref owner._conflictsLeft);
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref owner._commits);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
