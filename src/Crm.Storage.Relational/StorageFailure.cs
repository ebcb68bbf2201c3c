using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;

namespace Crm.Storage.Relational;

/// <summary>
/// What a failure of the database becomes at the stores' boundary: a <see cref="CrmStorageException"/> with a stable code,
/// the driver's exception inside, so that no <see cref="DbException"/> (nor a conversion error of a stored value) reaches the host.
/// </summary>
/// <remarks>
/// The boundary is where statements run: a session's opening (and the migrations), a unit's read-ahead, the stores' reads,
/// and the transaction that applies writes. Cancellations, concurrency conflicts and refused input pass through unchanged.
/// </remarks>
internal static class StorageFailure
{
    /// <summary>Determines whether the boundary turns an exception into a <see cref="CrmStorageException"/>.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="reading">Whether stored values were being read: then a conversion error means a value that cannot be read back.</param>
    /// <returns><see langword="true"/> for a failure of the database, its driver or its connection (or, reading, of a stored value).</returns>
    public static bool Applies(Exception exception, bool reading) => exception switch
    {
        OperationCanceledException or CrmException => false,
        DbException or TimeoutException or IOException or SocketException => true,
        _ => reading && IsUnreadableValue(exception),
    };

    /// <summary>Turns a failure of the database into the exception the host sees.</summary>
    /// <param name="exception">What was thrown; one that <see cref="Applies"/> accepts.</param>
    /// <param name="dialect">The database's dialect, which says whether a driver error is transient.</param>
    /// <returns>The exception to throw instead, with <paramref name="exception"/> inside.</returns>
    public static CrmStorageException From(Exception exception, RelationalDialect dialect) => exception switch
    {
        DbException driver when dialect.IsTransient(driver) => Unavailable(exception, dialect),
        DbException driver => new CrmStorageException(
            CrmErrorCodes.StorageFailed,
            isTransient: false,
            $"The {dialect.Name} database failed: {driver.Message}",
            driver),
        TimeoutException or IOException or SocketException => Unavailable(exception, dialect),
        _ => new CrmStorageException(
            CrmErrorCodes.StorageFailed,
            isTransient: false,
            $"A value stored in the {dialect.Name} database cannot be read back ({exception.GetType().Name}: {exception.Message}); the row was damaged or written by something other than these stores.",
            exception),
    };

    /// <summary>The exception of an amount (or a sum) beyond what the stores keep: 64-bit whole minor units.</summary>
    /// <param name="what">What could not be stored, such as the amount with its currency.</param>
    /// <param name="overflow">The conversion's exception.</param>
    /// <returns>The exception to throw; nothing was written.</returns>
    public static CrmStorageException ValueOutOfRange(string what, Exception overflow) => new(
        CrmErrorCodes.StorageValueOutOfRange,
        isTransient: false,
        $"{what} cannot be stored: the relational stores keep amounts as 64-bit whole minor units. Nothing was written.",
        overflow);

    private static CrmStorageException Unavailable(Exception exception, RelationalDialect dialect) => new(
        CrmErrorCodes.StorageUnavailable,
        isTransient: true,
        $"The {dialect.Name} database is unavailable for now ({exception.Message}); the call may be retried.",
        exception);

    // What converting a column's value to a record throws when the value is not one the stores wrote: an instant or a
    // date out of range, a count past int, text that is not a number, JSON or a time zone id.
    private static bool IsUnreadableValue(Exception exception) =>
        exception is ArithmeticException or ArgumentException or InvalidCastException or FormatException or JsonException or TimeZoneNotFoundException;
}
