using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Crm.Storage.Relational;

/// <summary>
/// The named values of a statement: 64-bit integers, doubles, text, lists (through the dialect), and typed nulls.
/// Built with a collection expression: <c>[("@id", id.Value), ("@at", instant.ToUnixTimeTicks())]</c>.
/// </summary>
[CollectionBuilder(typeof(SqlParameters), nameof(Create))]
internal readonly struct SqlParameters
{
    private readonly (string Name, object? Value)[] _values;

    public SqlParameters((string Name, object? Value)[] values)
    {
        _values = values;
    }

    /// <summary>Gets the name-value pairs.</summary>
    public ReadOnlySpan<(string Name, object? Value)> Values => _values;

    public static implicit operator SqlParameters((string Name, object? Value)[] values) => new(values);

    /// <summary>Builds the parameters of a collection expression.</summary>
    public static SqlParameters Create(ReadOnlySpan<(string Name, object? Value)> values) => new(values.ToArray());

    /// <summary>Enumerates the name-value pairs (what makes collection expressions and spreads work).</summary>
    public ReadOnlySpan<(string Name, object? Value)>.Enumerator GetEnumerator() => Values.GetEnumerator();

    /// <summary>Sets a command's parameters, reusing the parameter objects of its previous run.</summary>
    public void BindTo(DbCommand command) => BindTo(command.Parameters, command.CreateParameter);

    /// <summary>Sets a batch command's parameters.</summary>
    public void BindTo(DbBatchCommand command) => BindTo(command.Parameters, command.CreateParameter);

    private void BindTo(DbParameterCollection collection, Func<DbParameter> create)
    {
        var values = _values ?? [];
        if (collection.Count != values.Length)
        {
            collection.Clear();
            foreach (var _ in values)
            {
                collection.Add(create());
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            Set(collection[i], values[i].Name, values[i].Value);
        }
    }

    private static void Set(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.DbType = DbType.Int64;
                parameter.Value = DBNull.Value;
                break;
            case SqlNull.TextNull:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case SqlNull.DoubleNull:
                parameter.DbType = DbType.Double;
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
            case SqlList list:
                // The driver infers the list's type from its value (a string[] on PostgreSQL, a JSON text on SQLite).
                parameter.ResetDbType();
                parameter.Value = list.Value;
                break;
            default:
                throw new ArgumentException($"Unsupported parameter type {value.GetType()}.", nameof(value));
        }
    }
}

/// <summary>Typed nulls for parameters that are not 64-bit integers.</summary>
internal enum SqlNull
{
    /// <summary>A null text.</summary>
    TextNull = 1,

    /// <summary>A null double.</summary>
    DoubleNull = 2,
}

/// <summary>The value of a list parameter, as <see cref="RelationalDialect.ListValue"/> made it.</summary>
internal sealed record SqlList(object Value);
