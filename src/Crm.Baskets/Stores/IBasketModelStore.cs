namespace Crm.Baskets;

/// <summary>
/// Persists mined <see cref="BasketModel"/>s, immutable and versioned per scope. Implemented by storage adapters; called by <see cref="BasketManager"/>.
/// </summary>
/// <remarks>The conformance suite <c>Crm.Testing.Conformance.BasketModelStoreConformanceTests</c> checks every sentence below.</remarks>
/// <threadsafety>Implementations must be safe to call from many threads and, for server databases, many processes at once.</threadsafety>
public interface IBasketModelStore
{
    /// <summary>Saves a model under its <see cref="BasketModel.Scope"/> and <see cref="BasketModel.Version"/>, which must not hold another.</summary>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// <see langword="true"/> when it was saved; <see langword="false"/> when the scope and version already hold a model equal to it in
    /// every field (a replay), which is left as it is.
    /// </returns>
    /// <exception cref="CrmConcurrencyException">The scope and version hold a different model (another process mined first); nothing was written.</exception>
    Task<bool> SaveAsync(BasketModel model, CancellationToken cancellationToken = default);

    /// <summary>Finds a model.</summary>
    /// <param name="scope">The scope (ordinal).</param>
    /// <param name="version">The version, or <see langword="null"/> for the highest saved.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The model exactly as saved, or <see langword="null"/> when none matches.</returns>
    Task<BasketModel?> FindAsync(string scope, int? version = null, CancellationToken cancellationToken = default);
}
