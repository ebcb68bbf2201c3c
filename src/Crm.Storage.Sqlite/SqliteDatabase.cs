using System.Data.Common;
using Crm.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite;

/// <summary>The SQLite database behind the stores: one file, WAL mode, writes serialised by BEGIN IMMEDIATE.</summary>
/// <remarks>
/// Connections stay open between store calls (<see cref="MaxIdleSessions"/>), each with its pragmas set once and its
/// statements kept prepared: a purchase then costs its statements' execution and one commit, not a parse of each
/// statement and the pragmas again. Microsoft.Data.Sqlite's own pool is off, as it would keep the handles of sessions
/// this class closes.
/// </remarks>
internal sealed class SqliteDatabase(string connectionString, Currency currency) : SqlDatabase(currency)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 60 }.ToString();

    protected override IReadOnlyList<SqlMigration> Migrations => SqliteSchema.Migrations;

    // Writers queue on the file's write lock anyway; a few connections serve concurrent readers.
    protected override int MaxIdleSessions => 8;

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock now, so two writers never deadlock upgrading read locks.
        // Microsoft.Data.Sqlite has no asynchronous form; SQLite waits for the lock (busy_timeout) synchronously anyway.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    // sqlite3_get_autocommit is 0 while a transaction is open on the connection.
    public override bool? IsInTransaction(DbConnection connection) =>
        connection.State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(((SqliteConnection)connection).Handle) == 0;

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Once per connection (it stays open in the idle sessions): wait for the write lock instead of failing, and keep
        // WAL's fast-but-safe sync level (a killed process loses nothing committed; only a power cut can lose the last transactions).
        // Temporary storage in memory: a store batch makes each store write a savepoint, whose undo journal would otherwise be a
        // temporary file written page by page (measured: 4 of 5 writes of a FreshGrocery import went to such files).
        // A page cache of up to 32 MiB per connection (SQLite's default is 2 MB; memory is taken only as pages are read): a
        // 100 MB database re-read most pages of an import's random-key inserts through the default (FreshGrocery: about
        // a quarter less CPU with the larger cache).
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode = WAL;" +
            "CREATE TABLE IF NOT EXISTS crm_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
