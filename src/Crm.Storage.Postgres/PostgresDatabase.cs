using System.Data.Common;
using Crm.Storage.Sql;
using Npgsql;

namespace Crm.Storage.Postgres;

/// <summary>The PostgreSQL database behind the stores, reached through one pooled <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgresDatabase(string connectionString, Currency currency) : SqlDatabase(currency)
{
    // Any fixed number: all Crm processes take this advisory lock while they create or migrate the schema.
    private const long MigrationLockKey = 0x43524D5F534348; // "CRM_SCH"

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override IReadOnlyList<SqlMigration> Migrations => PostgresSchema.Migrations;

    // A failed statement aborts the transaction until a ROLLBACK (TO SAVEPOINT).
    protected override bool FailedStatementAbortsTransaction => true;

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // CREATE TABLE IF NOT EXISTS races between processes; the advisory lock serialises them.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, transaction, "CREATE TABLE IF NOT EXISTS crm_schema_migrations (version bigint NOT NULL PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();

    protected override void DisposeCore() => _dataSource.Dispose();

    protected override async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
