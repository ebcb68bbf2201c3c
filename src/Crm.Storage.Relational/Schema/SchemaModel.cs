namespace Crm.Storage.Relational.Schema;

/// <summary>A column: its name, logical type and nullability.</summary>
internal sealed record Column(string Name, RelationalType Type, bool Nullable = false, string? Default = null)
{
    public string Render(RelationalDialect dialect) =>
        $"{Name} {dialect.TypeName(Type)} {(Nullable ? "NULL" : "NOT NULL")}{(Default is null ? string.Empty : " DEFAULT " + Default)}";
}

/// <summary>One change of a migration, rendered in a dialect's DDL.</summary>
internal abstract record SchemaChange
{
    public abstract string Render(RelationalDialect dialect);
}

/// <summary>Creates a table with its primary key and unique constraints.</summary>
internal sealed record CreateTable(string Name, IReadOnlyList<Column> Columns, IReadOnlyList<string> PrimaryKey, IReadOnlyList<IReadOnlyList<string>>? Unique = null) : SchemaChange
{
    public override string Render(RelationalDialect dialect)
    {
        var parts = Columns.Select(c => c.Render(dialect)).ToList();
        parts.Add($"PRIMARY KEY ({string.Join(", ", PrimaryKey)})");
        parts.AddRange((Unique ?? []).Select(u => $"UNIQUE ({string.Join(", ", u)})"));
        return $"CREATE TABLE {Name} ({string.Join(", ", parts)}){dialect.TableOptions}";
    }
}

/// <summary>Creates an index, partial when <paramref name="Where"/> is given (both bundled databases support it).</summary>
internal sealed record CreateIndex(string Name, string Table, string Columns, string? Where = null) : SchemaChange
{
    public override string Render(RelationalDialect dialect) =>
        $"CREATE INDEX {Name} ON {Table} ({Columns}){(Where is null ? string.Empty : " WHERE " + Where)}";
}

/// <summary>Adds a column to a table.</summary>
internal sealed record AddColumn(string Table, Column Column) : SchemaChange
{
    public override string Render(RelationalDialect dialect) => $"ALTER TABLE {Table} ADD COLUMN {Column.Render(dialect)}";
}

/// <summary>One forward-only migration: a version, what it is for, and its changes.</summary>
internal sealed record Migration(int Version, string Description, IReadOnlyList<SchemaChange> Changes)
{
    public IEnumerable<string> Render(RelationalDialect dialect) => Changes.Select(c => c.Render(dialect));
}
