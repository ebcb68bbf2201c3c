using Crm.Baskets;
using Crm.Campaigns;
using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;

namespace Crm.Storage.InMemory;

/// <summary>
/// The data of every in-memory store, behind one lock, and the units of work over them. One instance is one database:
/// the stores built on it share its data, and a unit of work's commit applies its writes to all of them under the lock.
/// </summary>
/// <remarks>
/// <para>This adapter is the reference that other adapters are read against: plain dictionaries and lists, one lock, no
/// tricks. Every read and write takes the lock; records are immutable values, copied on the way in.</para>
/// <para>A write is a delegate that checks its preconditions, changes the data, and returns how to undo the change; it
/// throws before changing anything when a precondition fails. Outside a unit of work it runs at once under the lock. In a
/// unit it is kept; the commit runs the unit's writes in order under the lock and, when one throws, undoes the ones before
/// it, so the unit applies all or nothing.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryDatabase : IStoreUnitOfWorkFactory
{
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryDatabase"/> class.</summary>
    /// <param name="currency">The programme's currency, for the sums of customers with no activity.</param>
    public InMemoryDatabase(Currency currency)
    {
        Currency = Internal.Guard.NotNull(currency);
    }

    /// <summary>Gets the programme's currency.</summary>
    public Currency Currency { get; }

    internal InMemoryActivityStore.Data Activity { get; } = new();

    internal InMemoryCustomerStore.Data Customers { get; } = new();

    internal InMemoryConsentStore.Data Consents { get; } = new();
    internal InMemoryCustomerIdentifierStore.Data Identifiers { get; } = new();

    internal InMemoryMembershipStore.Data Membership { get; } = new();

    internal InMemoryPointsLedgerStore.Data Points { get; } = new();

    internal InMemoryCouponStore.Data Coupons { get; } = new();

    internal InMemorySegmentStore.Data Segments { get; } = new();

    internal InMemoryChurnStore.Data Churn { get; } = new();

    internal InMemoryBasketModelStore.Data Baskets { get; } = new();

    internal InMemoryFeedbackStore.Data Feedback { get; } = new();

    internal InMemoryCampaignStore.Data Campaigns { get; } = new();

    /// <inheritdoc />
    public ValueTask<IStoreUnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IStoreUnitOfWork>(new InMemoryUnitOfWork(this));
    }

    /// <summary>Creates a store of a type bound to a unit of work.</summary>
    internal object CreateStore(Type storeType, InMemoryUnitOfWork unit) => storeType switch
    {
        _ when storeType == typeof(IActivityStore) => new InMemoryActivityStore(this, unit),
        _ when storeType == typeof(ICustomerStore) => new InMemoryCustomerStore(this, unit),
        _ when storeType == typeof(IConsentStore) => new InMemoryConsentStore(this, unit),
        _ when storeType == typeof(ICustomerIdentifierStore) => new InMemoryCustomerIdentifierStore(this, unit),
        _ when storeType == typeof(IMembershipStore) => new InMemoryMembershipStore(this, unit),
        _ when storeType == typeof(IPointsLedgerStore) => new InMemoryPointsLedgerStore(this, unit),
        _ when storeType == typeof(ICouponStore) => new InMemoryCouponStore(this, unit),
        _ when storeType == typeof(ISegmentStore) => new InMemorySegmentStore(this, unit),
        _ when storeType == typeof(IChurnStore) => new InMemoryChurnStore(this, unit),
        _ when storeType == typeof(IBasketModelStore) => new InMemoryBasketModelStore(this, unit),
        _ when storeType == typeof(IFeedbackStore) => new InMemoryFeedbackStore(this, unit),
        _ when storeType == typeof(ICampaignStore) => new InMemoryCampaignStore(this, unit),
        _ => throw new NotSupportedException($"The in-memory adapter has no store of type {storeType.Name}."),
    };

    /// <summary>Reads under the lock.</summary>
    internal Task<T> ReadAsync<T>(Func<T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            lock (_gate)
            {
                return Task.FromResult(read());
            }
        }
        catch (OverflowException overflow)
        {
            return Task.FromException<T>(OutOfRange(overflow));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    /// <summary>Runs a write now under the lock (no unit), or keeps it for the unit's commit.</summary>
    internal Task WriteAsync(InMemoryUnitOfWork? unit, InMemoryWrite write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            if (unit is not null)
            {
                unit.Add(write);
            }
            else
            {
                lock (_gate)
                {
                    write();
                }
            }

            return Task.CompletedTask;
        }
        catch (OverflowException overflow)
        {
            return Task.FromException(OutOfRange(overflow));
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <summary>Applies a unit's writes in order under the lock; when one throws, undoes the ones before it and rethrows.</summary>
    /// <exception cref="CrmStorageException">A write overflowed a sum (<see cref="CrmErrorCodes.StorageValueOutOfRange"/>); nothing was applied.</exception>
    internal void Apply(IReadOnlyList<InMemoryWrite> writes)
    {
        lock (_gate)
        {
            var undo = new Stack<Action>(writes.Count);
            try
            {
                foreach (var write in writes)
                {
                    undo.Push(write());
                }
            }
            catch (Exception exception)
            {
                while (undo.TryPop(out var action))
                {
                    action();
                }

                if (exception is OverflowException overflow)
                {
                    throw OutOfRange(overflow);
                }

                throw;
            }
        }
    }

    /// <summary>
    /// What an overflow of an amount or a sum (past <see cref="decimal"/> for money, <see cref="long"/> for points) becomes: the
    /// same typed error the relational stores throw for a value they cannot hold, never a raw <see cref="OverflowException"/>.
    /// </summary>
    private static CrmStorageException OutOfRange(OverflowException overflow) => new(
        CrmErrorCodes.StorageValueOutOfRange,
        isTransient: false,
        $"An amount or a sum is beyond what the in-memory store can hold ({overflow.Message}); a write that met it wrote nothing.",
        overflow);
}

/// <summary>One write of an in-memory store: checks, changes the data (under the database's lock) and returns how to undo the change; throws before changing anything.</summary>
/// <returns>The action that undoes the change.</returns>
internal delegate Action InMemoryWrite();
