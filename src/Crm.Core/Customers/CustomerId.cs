namespace Crm;

/// <summary>
/// The host's identifier of a customer (member): 1 to 64 printable ASCII characters without spaces.
/// </summary>
/// <remarks>
/// The library never invents customer ids; it uses the host's. Ids compare ordinally (case-sensitive), which is
/// also the order in which stores page through customers. <c>default(CustomerId)</c> is not a valid id.
/// </remarks>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
public readonly struct CustomerId : IEquatable<CustomerId>, IComparable<CustomerId>
{
    /// <summary>The maximum length of an id.</summary>
    public const int MaxLength = 64;

    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="CustomerId"/> struct.</summary>
    /// <param name="value">The host's id, 1 to 64 printable ASCII characters (<c>!</c> to <c>~</c>).</param>
    /// <exception cref="CrmValidationException">The id is empty, too long or has a character outside printable ASCII (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public CustomerId(string value)
    {
        if (!IsValid(value))
        {
            throw new CrmValidationException(
                CrmErrorCodes.CustomerIdInvalid,
                nameof(CustomerId),
                $"A customer id is 1 to {MaxLength} printable ASCII characters without spaces; got '{value}'.");
        }

        _value = value;
    }

    /// <summary>Gets the id as the host gave it.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(CustomerId)</c>.</exception>
    public string Value => _value ?? throw new InvalidOperationException("default(CustomerId) is not a customer id.");

    /// <summary>Gets a value indicating whether this is <c>default(CustomerId)</c>, which names no customer.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Determines whether a string is a valid customer id.</summary>
    /// <param name="value">The candidate id.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> can be used as a <see cref="CustomerId"/>.</returns>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < '!' || c > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(CustomerId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CustomerId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc />
    public int CompareTo(CustomerId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Returns the id.</summary>
    /// <returns>The id, or an empty string for <c>default(CustomerId)</c>.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Determines whether two ids are equal (ordinal, case-sensitive).</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(CustomerId left, CustomerId right) => left.Equals(right);

    /// <summary>Determines whether two ids differ.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(CustomerId left, CustomerId right) => !left.Equals(right);

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(CustomerId left, CustomerId right) => left.CompareTo(right) < 0;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(CustomerId left, CustomerId right) => left.CompareTo(right) > 0;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or is equal.</returns>
    public static bool operator <=(CustomerId left, CustomerId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or is equal.</returns>
    public static bool operator >=(CustomerId left, CustomerId right) => left.CompareTo(right) >= 0;
}
