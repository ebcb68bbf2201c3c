using System.Data.Common;

namespace Crm.Storage.Relational;

/// <summary>Opens connections to the provider's database; the other half of a provider, with its <see cref="RelationalDialect"/>.</summary>
/// <threadsafety>Implementations must be safe to call from many threads at once.</threadsafety>
public interface IRelationalConnectionFactory
{
    /// <summary>Opens a new connection.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>An open connection, which the caller disposes.</returns>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
