using NodaTime;

namespace Crm;

/// <summary>A stored link of one identifier to one customer, as <see cref="ICustomerIdentifierStore"/> keeps it.</summary>
/// <remarks>
/// The store finds a link by <see cref="Kind"/>, <see cref="Scope"/> and <see cref="LookupKey"/>, never by the value, so the
/// value column can be protected (encrypted) without losing the lookup. Each of these three together is unique.
/// </remarks>
public sealed record CustomerIdentifierLink
{
    /// <summary>Gets the customer the identifier belongs to.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the kind of identifier.</summary>
    public required CustomerIdentifierKind Kind { get; init; }

    /// <summary>Gets the issuing app or platform, or the empty string for kinds and identifiers without one (never <see langword="null"/>, so that it takes part in the unique key).</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the keyed hash of the normalised identifier (HMAC-SHA256 under <see cref="CustomerIdentifierOptions.LookupKey"/>, 64 lower-case hex digits): what lookups compare.</summary>
    public required string LookupKey { get; init; }

    /// <summary>Gets the normalised value, kept for the customer's export and for re-hashing under a new key.</summary>
    public required string Value { get; init; }

    /// <summary>Gets the instant the link was made.</summary>
    public required Instant LinkedAt { get; init; }

    /// <summary>Gets the identifier this link stores.</summary>
    /// <returns>The identifier, normalised.</returns>
    public CustomerIdentifier ToIdentifier() => new() { Kind = Kind, Scope = Scope.Length == 0 ? null : Scope, Value = Value };

    /// <summary>Gets the customer, kind and scope only: the value is personal data.</summary>
    /// <returns>Such as <c>c-1: Phone</c>.</returns>
    public override string ToString() => $"{CustomerId}: {ToIdentifier()}";
}
