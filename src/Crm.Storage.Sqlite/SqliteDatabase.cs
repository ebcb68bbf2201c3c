using System.Data.Common;
using Crm.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite;

/// <summary>The SQLite database behind the stores: one file, WAL mode, writes serialised by BEGIN IMMEDIATE.</summary>
internal sealed class SqliteDatabase(string connectionString, Currency currency) : SqlDatabase(currency)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 60 }.ToString();

    protected override IReadOnlyList<SqlMigration> Migrations => SqliteSchema.Migrations;

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock now, so two writers never deadlock upgrading read locks.
        // Microsoft.Data.Sqlite has no asynchronous form; SQLite waits for the lock (busy_timeout) synchronously anyway.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Per connection: wait for the write lock instead of failing, and keep WAL's fast-but-safe sync level
        // (a killed process loses nothing committed; only a power cut can lose the last transactions).
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
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
