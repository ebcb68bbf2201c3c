using Crm.Internal;

namespace Crm;

public sealed partial class CrmManager
{
    /// <summary>Gets a value indicating whether the storage adapter keeps identifiers (<see cref="ICustomerIdentifierStore"/>).</summary>
    public bool SupportsIdentifiers => _identifierStore is not null;

    /// <summary>
    /// Links an identifier (a phone number, member card, WeChat openid or unionid, app user id or delivery platform id) to a
    /// customer, idempotently: linking it to the same customer again is a replay.
    /// </summary>
    /// <param name="customerId">The customer, registered and not erased.</param>
    /// <param name="identifier">The identifier; it is normalised first (<see cref="CustomerIdentifier.Normalize"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored link, and whether it was there before (<see cref="LinkIdentifierResult.IsReplay"/>).</returns>
    /// <remarks>
    /// An identifier belongs to at most one customer, whichever process links it: of many links of one phone at once to
    /// different customers exactly one succeeds, by the store's unique key. The stored lookup key is a keyed hash
    /// (<see cref="CustomerIdentifierOptions.LookupKey"/>); the value is kept beside it for the customer's export.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="identifier"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The identifier is not valid (an <c>identifier.*</c> code, see <see cref="CustomerIdentifier.Normalize"/>); the customer is not registered (<see cref="CrmErrorCodes.CustomerNotFound"/>) or erased (<see cref="CrmErrorCodes.IdentifierCustomerErased"/>); or the identifier is linked to another customer (<see cref="CrmErrorCodes.IdentifierTaken"/>, whose message names neither the value nor the other customer). Nothing was written.</exception>
    /// <exception cref="NotSupportedException">The storage adapter provides no <see cref="ICustomerIdentifierStore"/>.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="CustomerIdentifierOptions.LookupKey"/> is set (<see cref="CustomerIdentifierCrmBuilderExtensions.AddCustomerIdentifiers"/>).</exception>
    public async Task<LinkIdentifierResult> LinkIdentifierAsync(CustomerId customerId, CustomerIdentifier identifier, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var (store, link) = Prepare(identifier, customerId);
        await EnsureLinkableAsync(customerId, cancellationToken).ConfigureAwait(false);
        var (stored, created) = await _settings.Retry.RunAsync(
            _ => store.LinkAsync(link, cancellationToken),
            CrmTelemetry.ConcurrencyRetries,
            cancellationToken).ConfigureAwait(false);
        if (stored.CustomerId != customerId)
        {
            throw new CrmValidationException(CrmErrorCodes.IdentifierTaken, nameof(identifier), $"This {link.Kind} identifier is linked to another customer; unlink it there first.");
        }

        if (created && await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false) is not { ErasedAt: null })
        {
            // Erased while this call was linking: the erasure may have removed the links before this one was made, so this
            // one goes too, and no lookup key of an erased customer is left behind.
            await store.UnlinkAsync(link.Kind, link.Scope, link.LookupKey, customerId, cancellationToken).ConfigureAwait(false);
            throw Erased(customerId);
        }

        return new LinkIdentifierResult { Link = stored, IsReplay = !created };
    }

    /// <summary>Removes the link of an identifier from a customer, so that it can be linked to someone else.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="identifier">The identifier; it is normalised first.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when this call removed the link; <see langword="false"/> when the identifier was not linked to this customer (already removed, never linked, or linked to another customer, whose link stays).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identifier"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The identifier is not valid (an <c>identifier.*</c> code).</exception>
    /// <exception cref="NotSupportedException">The storage adapter provides no <see cref="ICustomerIdentifierStore"/>.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="CustomerIdentifierOptions.LookupKey"/> is set.</exception>
    public Task<bool> UnlinkIdentifierAsync(CustomerId customerId, CustomerIdentifier identifier, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var (store, link) = Prepare(identifier, customerId);
        return store.UnlinkAsync(link.Kind, link.Scope, link.LookupKey, customerId, cancellationToken);
    }

    /// <summary>Finds the customer an identifier is linked to: the phone given at the till, the openid of a mini-program user.</summary>
    /// <param name="identifier">The identifier; it is normalised first, so any accepted spelling of a phone number finds it.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer, or <see langword="null"/> when the identifier is linked to no one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identifier"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">The identifier is not valid (an <c>identifier.*</c> code).</exception>
    /// <exception cref="NotSupportedException">The storage adapter provides no <see cref="ICustomerIdentifierStore"/>.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="CustomerIdentifierOptions.LookupKey"/> is set.</exception>
    public async Task<CustomerId?> FindCustomerByIdentifierAsync(CustomerIdentifier identifier, CancellationToken cancellationToken = default)
    {
        var (store, link) = Prepare(identifier, default);
        return (await store.FindAsync(link.Kind, link.Scope, link.LookupKey, cancellationToken).ConfigureAwait(false))?.CustomerId;
    }

    /// <summary>Lists the identifiers linked to a customer.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The links, ordered by kind, then scope and lookup key; empty when there are none.</returns>
    /// <exception cref="NotSupportedException">The storage adapter provides no <see cref="ICustomerIdentifierStore"/>.</exception>
    public Task<IReadOnlyList<CustomerIdentifierLink>> ListIdentifiersAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        IdentifierStore().ListAsync(Guard.Customer(customerId), cancellationToken);

    private static CrmValidationException Erased(CustomerId customerId) =>
        new(CrmErrorCodes.IdentifierCustomerErased, nameof(customerId), $"Customer {customerId} is erased; no identifier can be linked to it.");

    private ICustomerIdentifierStore IdentifierStore() => _identifierStore
        ?? throw new NotSupportedException($"The storage adapter provides no {nameof(ICustomerIdentifierStore)}; use one of the bundled adapters or register your own {nameof(ICustomerIdentifierStore)}.");

    /// <summary>Normalises and hashes an identifier, before any store is asked.</summary>
    private (ICustomerIdentifierStore Store, CustomerIdentifierLink Link) Prepare(CustomerIdentifier identifier, CustomerId customerId)
    {
        var normalized = Guard.NotNull(identifier).Normalize();
        var store = IdentifierStore();
        var lookup = _identifierLookup
            ?? throw new InvalidOperationException("No lookup key is set for identifiers: call AddCustomerIdentifiers(o => o.LookupKey = ...) on the builder returned by AddCrm(...), with a secret of at least 32 bytes.");
        return (store, new CustomerIdentifierLink
        {
            CustomerId = customerId,
            Kind = normalized.Kind,
            Scope = normalized.Scope ?? string.Empty,
            LookupKey = lookup.Of(normalized),
            Value = normalized.Value,
            LinkedAt = _clock.GetCurrentInstant(),
        });
    }

    private async Task EnsureLinkableAsync(CustomerId customerId, CancellationToken cancellationToken)
    {
        var profile = await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException(CrmErrorCodes.CustomerNotFound, nameof(customerId), $"Customer {customerId} is not registered.");
        if (profile.ErasedAt is not null)
        {
            throw Erased(customerId);
        }
    }
}
