namespace Crm.Storage.Postgres;

/// <summary>Settings of the PostgreSQL storage adapter.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Gets or sets the Npgsql connection string, such as <c>Host=db;Database=crm;Username=crm;Password=...</c>.</summary>
    /// <value>There is no default; it must be set.</value>
    /// <remarks>The database must exist; the adapter creates its tables (all prefixed <c>crm_</c>) on first use.</remarks>
    public string? ConnectionString { get; set; }
}
