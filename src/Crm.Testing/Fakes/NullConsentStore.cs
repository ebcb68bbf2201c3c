namespace Crm.Testing.Fakes;

/// <summary>A consent store that holds nothing, for suites that exercise <see cref="CrmManager"/> without consent records.</summary>
public sealed class NullConsentStore : IConsentStore
{
    /// <inheritdoc />
    public Task<(ConsentRecord Record, bool Added)> AppendAsync(ConsentRecord record, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("NullConsentStore stores no records.");

    /// <inheritdoc />
    public Task<ConsentRecord?> FindAsync(string recordId, CancellationToken cancellationToken = default) => Task.FromResult<ConsentRecord?>(null);

    /// <inheritdoc />
    public Task<IReadOnlyList<ConsentRecord>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ConsentRecord>>([]);
}
