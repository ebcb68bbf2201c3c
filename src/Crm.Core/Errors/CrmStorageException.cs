namespace Crm;

/// <summary>
/// The exception that a store or a unit of work throws when its database fails: it cannot be reached, refuses the work,
/// cannot hold a value, holds a value it cannot read back, or is no longer the database the host configured.
/// </summary>
/// <remarks>
/// <para>It is the only exception a bundled storage adapter lets out for a failure of its database: the driver's own
/// exception (<c>SqliteException</c>, <c>NpgsqlException</c>, any <see cref="System.Data.Common.DbException"/>, an
/// <see cref="OverflowException"/> of a stored value) is kept as <see cref="Exception.InnerException"/>. It is not thrown for
/// a cancellation (<see cref="OperationCanceledException"/>), a moved version or a used key
/// (<see cref="CrmConcurrencyException"/>), or input the library refused (<see cref="CrmValidationException"/>).</para>
/// <para>Whether to retry is <see cref="IsTransient"/>'s to say: when <see langword="true"/> (<see cref="CrmErrorCodes.StorageUnavailable"/>:
/// the database could not be reached, timed out, had no connection or resource to spare, or gave up a transaction in a
/// conflict) the same call may succeed later, and a host may retry it after a pause. A unit of work that failed this way
/// applied nothing, except when the failure hit the commit itself, where the outcome is unknown: retrying a fact is still
/// safe, because facts are idempotent by id (a replay records nothing twice). When <see langword="false"/>, retrying
/// does not help by itself: after <see cref="CrmErrorCodes.StorageFailed"/> or <see cref="CrmErrorCodes.StorageValueOutOfRange"/>
/// the same call fails again until someone changes the database, its configuration or the input;
/// <see cref="CrmErrorCodes.StorageDatabaseReplaced"/> says the database the host was writing to is gone (an operator
/// should know), and the next call uses the database now at the configured path.</para>
/// </remarks>
public sealed class CrmStorageException : CrmException
{
    /// <summary>Initializes a new instance of the <see cref="CrmStorageException"/> class.</summary>
    /// <param name="errorCode">The stable error code, one of the <c>storage.*</c> codes of <see cref="CrmErrorCodes"/>.</param>
    /// <param name="isTransient">Whether the same call may succeed if retried later.</param>
    /// <param name="message">A message a developer or an operator can act on.</param>
    /// <param name="innerException">The driver's exception, if any.</param>
    public CrmStorageException(string errorCode, bool isTransient, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>Gets a value indicating whether the same call may succeed if retried later, the database having recovered.</summary>
    /// <value>
    /// <see langword="true"/> for <see cref="CrmErrorCodes.StorageUnavailable"/> (connection refused or lost, timeouts, too
    /// many clients, a transaction given up in a deadlock or a serialization failure, a busy or locked database file);
    /// <see langword="false"/> otherwise.
    /// </value>
    public bool IsTransient { get; }
}
