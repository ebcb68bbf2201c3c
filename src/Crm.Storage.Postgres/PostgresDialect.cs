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

    private const string CheckPrefix = "crm-row-check:";

    public override string Name => "PostgreSQL";

    public override bool BatchesStatements => true;

    // A batch sent outside a transaction is one implicit transaction: an error anywhere rolls all of it back.
    public override bool BatchIsAtomic => true;

    // Npgsql's own pool keeps the connections, and each connection's prepared statements across its uses: sessions are
    // given back to it at once, so a process holds no more connections than it uses.
    public override int MaxIdleSessions => 0;

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

    // A count other than the expected one casts a text to an integer, which fails with the statement's position in the
    // message. The count comes from the statement's own rows, so the planner cannot fold the cast away in advance.
    public override string CheckRows(string statement, int expectedRows, string positionParameter) =>
        $"WITH w AS ({statement} RETURNING 1) SELECT CASE WHEN n = {expectedRows} THEN 0 ELSE CAST('{CheckPrefix}' || {positionParameter} || ':' || n AS integer) END FROM (SELECT COUNT(*) AS n FROM w) AS c";

    public override int? FailedCheck(DbException exception)
    {
        if (exception is not PostgresException { SqlState: PostgresErrorCodes.InvalidTextRepresentation } postgres)
        {
            return null;
        }

        var at = postgres.MessageText.IndexOf(CheckPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = postgres.MessageText.AsSpan(at + CheckPrefix.Length);
        var end = digits.IndexOf(':');
        return end > 0 && int.TryParse(digits[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Npgsql's own judgement (a refused or broken connection, a timeout, an exhausted pool, its list of SQLSTATEs) and, by
    // class: 08 connection exception, 53 insufficient resources (too many clients, out of memory or disk), 57P operator
    // intervention (a server shutting down or starting up), 40001 serialization failure and 40P01 deadlock (the
    // transaction was given up whole; the same one may pass). Unique violations and failed row checks never get here:
    // they are concurrency conflicts.
    public override bool IsTransient(DbException exception) => exception switch
    {
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal)
            || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57P", StringComparison.Ordinal)
            || state is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => true,
        _ => base.IsTransient(exception),
    };

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
