using System.Data.Common;
using System.Text.Json;
using Crm.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite;

/// <summary>The SQLite dialect of the relational stores: one file, WAL mode, writes serialised by <c>BEGIN IMMEDIATE</c>.</summary>
/// <remarks>
/// A statement costs no round trip, so reads run when a handler asks and writes run one after the other in the unit's
/// transaction. Connections stay open between calls (<see cref="RelationalDialect.MaxIdleSessions"/>), each with its pragmas set once and its
/// statements kept prepared.
/// </remarks>
internal sealed class SqliteDialect : RelationalDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Name => "SQLite";

    public override string TypeName(RelationalType type) => type switch
    {
        RelationalType.Integer => "INTEGER",
        RelationalType.Real => "REAL",
        _ => "TEXT",
    };

    // A table with a text primary key is a rowid B-tree plus an index B-tree; WITHOUT ROWID keeps the rows in the
    // primary-key B-tree itself, so an append changes about half as many B-trees (fewer pages per purchase in the WAL).
    public override string TableOptions => " WITHOUT ROWID";

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock now, so two writers never deadlock upgrading read locks.
        // Microsoft.Data.Sqlite has no asynchronous form; SQLite waits for the lock (busy_timeout) synchronously anyway.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override string InList(string column, string parameterName) => $"{column} IN (SELECT value FROM json_each({parameterName}))";

    public override object ListValue(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

    // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
    public override bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection held the lock past busy_timeout; the same write may pass
    // later. Every other error (read-only, full, corrupt, not a database, no such table) stays until someone acts.
    public override bool IsTransient(DbException exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    // One stat() of the path per write transaction; see SqliteFileIdentity for why this is the check.
    public override void EnsureSameDatabase(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        if (SqliteFileIdentity.HasMoved(sqlite))
        {
            throw new CrmStorageException(
                CrmErrorCodes.StorageDatabaseReplaced,
                isTransient: false,
                $"The SQLite database file {sqlite.DataSource} was deleted or replaced after this process opened it: this connection still wrote to the old file, which no other process will read. Nothing was written. The connections to the old file are closed; the next call opens the file now at that path (an empty, new database if the file was deleted).");
        }
    }

    public override bool? IsInTransaction(DbConnection connection) =>
        connection.State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(((SqliteConnection)connection).Handle) == 0;

    public override async Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Once per connection (it stays open in the idle sessions): wait for the write lock instead of failing, and keep
        // WAL's fast-but-safe sync level (a killed process loses nothing committed; only a power cut can lose the last
        // transactions). A page cache of up to 32 MiB per connection (taken only as pages are read).
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'crm_schema_migrations'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            throw new InvalidOperationException(
                $"The SQLite database {connection.DataSource} was created by a pre-release of Crm.Storage.Sqlite (0.1), whose schema is not migrated. Create a new database, and import its history with CrmManager.ImportAsync.");
        }

        command.CommandText =
            "PRAGMA journal_mode = WAL;" +
            "CREATE TABLE IF NOT EXISTS crm_schema_history (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
