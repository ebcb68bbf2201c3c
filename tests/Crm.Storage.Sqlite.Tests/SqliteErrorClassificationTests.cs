using Crm.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite.Tests;

public sealed class SqliteErrorClassificationTests
{
    /// <summary>SQLite's busy and locked errors are transient (storage.unavailable); other errors are not.</summary>
    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(8, false)] // SQLITE_READONLY
    [InlineData(11, false)] // SQLITE_CORRUPT
    [InlineData(26, false)] // SQLITE_NOTADB
    public void Errors_AreTransientOnlyWhenBusyOrLocked(int code, bool transient)
    {
        var translated = StorageFailure.From(new SqliteException("error", code), SqliteDialect.Instance);

        Assert.Equal(transient, translated.IsTransient);
        Assert.Equal(transient ? CrmErrorCodes.StorageUnavailable : CrmErrorCodes.StorageFailed, translated.ErrorCode);
    }
}
