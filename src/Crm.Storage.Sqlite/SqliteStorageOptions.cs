namespace Crm.Storage.Sqlite;

/// <summary>Settings of the SQLite storage adapter.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string, such as <c>Data Source=crm.db</c>.</summary>
    /// <value>There is no default; it must be set.</value>
    /// <remarks>The file is created if missing. The adapter switches it to WAL mode and applies its schema migrations on first use.</remarks>
    public string? ConnectionString { get; set; }
}
