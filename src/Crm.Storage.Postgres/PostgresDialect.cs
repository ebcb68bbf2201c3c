using System.Data.Common;
using Crm.Storage.Relational;
using Npgsql;

namespace Crm.Storage.Postgres;

/// <summary>The PostgreSQL dialect of the relational stores: statements in batches, keys in the "C" collation, migrations under an advisory lock.</summary>
/// <remarks>
/// A round trip to the server costs more than the statements it carries, so a unit of work reads a fact's records ahead in
/// one batch and sends its writes in another (Npgsql sends the <c>BEGIN</c> with them); the commit is the third.
/// </remarks>
internal sealed class PostgresDialect : RelationalDialect
{
    public static readonly PostgresDialect Instance = new();

    // Any fixed number: all Crm processes take this advisory lock while they create or migrate the schema.
    private const long MigrationLockKey = 0x43524D5F534348; // "CRM_SCH"

    public override string Name => "PostgreSQL";

    public override bool BatchesStatements => true;

    // Kept open with their prepared statements: a session given back to Npgsql's pool is reset on its next use.
    public override int MaxIdleSessions => 32;

    // Keys sort and compare ordinally ("C"), as in every other adapter, so keyset paging agrees across them.
    public override string TypeName(RelationalType type) => type switch
    {
        RelationalType.Key => "text COLLATE \"C\"",
        RelationalType.Integer => "bigint",
        RelationalType.Real => "double precision",
        _ => "text",
    };

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override string InList(string column, string parameterName) => $"{column} = ANY({parameterName})";

    public override object ListValue(IReadOnlyCollection<string> values) => values.ToArray();

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // CREATE TABLE IF NOT EXISTS races between processes; the advisory lock serialises them.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'crm_schema_migrations'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database {connection.Database} was created by a pre-release of Crm.Storage.Postgres (0.1), whose schema is not migrated. Create a new database (or schema), and import its history with CrmManager.ImportAsync.");
        }

        command.CommandText = "CREATE TABLE IF NOT EXISTS crm_schema_history (version bigint NOT NULL PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        command.Parameters.Add(new NpgsqlParameter("key", MigrationLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
