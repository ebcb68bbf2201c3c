namespace Crm;

/// <summary>How identifiers are hashed for lookup, set through <see cref="CustomerIdentifierCrmBuilderExtensions.AddCustomerIdentifiers"/>.</summary>
public sealed class CustomerIdentifierOptions
{
    /// <summary>The fewest bytes a lookup key may have.</summary>
    public const int MinLookupKeyLength = 32;

    /// <summary>
    /// Gets or sets the secret key of the lookup hash: every identifier is found by HMAC-SHA256 of its normalised form
    /// under this key, so a copy of the table alone does not tell phone numbers (the 10^10 mainland mobiles are quick to
    /// hash without the key).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no key, and the identifier methods of <see cref="CrmManager"/> throw until one is set. At least <see cref="MinLookupKeyLength"/> bytes.</value>
    /// <remarks>
    /// Keep it out of the database and the same in every process of the programme: a process with another key finds
    /// nothing and links duplicates. There is no default key, not even for tests, so a host cannot ship a known one by
    /// mistake. Changing the key needs the links re-hashed from their stored values (not provided yet).
    /// </remarks>
#pragma warning disable CA1819 // A key is bytes; the options are read once, at start.
    public byte[]? LookupKey { get; set; }
#pragma warning restore CA1819
}
