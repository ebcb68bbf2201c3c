using System.Data;
using System.Data.Common;

namespace Crm.Storage.Sql;

/// <summary>
/// What the shared ADO.NET stores need from a database: connections, write transactions, the schema, the currency.
/// Each SQL adapter derives it once (SQLite, PostgreSQL); the stores themselves are shared.
/// </summary>
internal abstract class SqlDatabase(Currency currency)
{
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Gets the programme's currency; amounts are stored as whole minor units of it.</summary>
    public Currency Currency { get; } = currency;

    /// <summary>Gets the forward-only schema migrations, in version order.</summary>
    protected abstract IReadOnlyList<SqlMigration> Migrations { get; }

    /// <summary>Opens a connection, applying the schema migrations first if this process has not yet done so.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Begins a transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Applies the migrations this database lacks; idempotent and safe to run from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var migration in Migrations)
            {
                await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var check = Command(connection, transaction, "SELECT COUNT(*) FROM crm_schema_migrations WHERE version = @version", ("@version", (long)migration.Version)))
                {
                    if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
                    {
                        continue;
                    }
                }

                await using (var apply = Command(connection, transaction, migration.Sql))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = Command(connection, transaction, "INSERT INTO crm_schema_migrations (version, description) VALUES (@version, @description)", ("@version", (long)migration.Version), ("@description", migration.Description)))
                {
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>Creates a command with parameters; a <see langword="null"/> value becomes a typed database null.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command, name, value));
        }

        return command;
    }

    /// <summary>Creates a parameter; <see langword="null"/> becomes a database null typed as a 64-bit integer or, for strings, as text.</summary>
    public static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.DbType = DbType.Int64;
                parameter.Value = DBNull.Value;
                break;
            case NullText:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case string text:
                parameter.DbType = DbType.String;
                parameter.Value = text;
                break;
            case long number:
                parameter.DbType = DbType.Int64;
                parameter.Value = number;
                break;
            case double real:
                parameter.DbType = DbType.Double;
                parameter.Value = real;
                break;
            default:
                throw new ArgumentException($"Unsupported parameter type {value.GetType()}.", nameof(value));
        }

        return parameter;
    }

    /// <summary>Opens a plain connection.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Prepares the database before migrations (pragmas, the migrations table).</summary>
    protected abstract Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises migrations across processes inside the migration transaction (no-op where the transaction already does).</summary>
    protected virtual Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A typed null for a text parameter.</summary>
internal sealed class NullText
{
    public static readonly NullText Value = new();
}

/// <summary>One forward-only schema migration.</summary>
internal sealed record SqlMigration(int Version, string Description, string Sql);
