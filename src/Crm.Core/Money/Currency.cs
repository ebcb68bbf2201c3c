using System.Collections.Frozen;
using Crm.Internal;

namespace Crm;

/// <summary>
/// An ISO 4217 currency: its three-letter code and the number of its minor units (2 for CNY, 0 for JPY).
/// </summary>
/// <remarks>
/// Two currencies are equal when their codes and minor units are equal. The common currencies of the
/// markets this library serves are available as static properties and through <see cref="FromCode"/>;
/// any other ISO currency can be created with the constructor.
/// </remarks>
/// <threadsafety>Instances are immutable and safe to share between threads.</threadsafety>
public sealed class Currency : IEquatable<Currency>
{
    private static readonly decimal[] Scales = [1m, 10m, 100m, 1_000m, 10_000m];

    private static readonly FrozenDictionary<string, Currency> Known = new[]
    {
        new Currency("CNY", 2), new Currency("HKD", 2), new Currency("MOP", 2), new Currency("TWD", 2),
        new Currency("USD", 2), new Currency("EUR", 2), new Currency("GBP", 2), new Currency("SGD", 2),
        new Currency("MYR", 2), new Currency("THB", 2), new Currency("AUD", 2), new Currency("CAD", 2),
        new Currency("JPY", 0), new Currency("KRW", 0), new Currency("VND", 0), new Currency("IDR", 2),
        new Currency("KWD", 3), new Currency("BHD", 3),
    }.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="Currency"/> class.</summary>
    /// <param name="code">The ISO 4217 alphabetic code: three upper-case ASCII letters.</param>
    /// <param name="minorUnits">The number of decimal places of the minor unit, from 0 to 4.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not three upper-case ASCII letters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minorUnits"/> is outside 0 to 4.</exception>
    public Currency(string code, int minorUnits)
    {
        Guard.NotNull(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"A currency code is three upper-case ASCII letters (ISO 4217), not '{code}'.", nameof(code));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(minorUnits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorUnits, Scales.Length - 1);
        Code = code;
        MinorUnits = minorUnits;
        MinorUnit = 1m / Scales[minorUnits];
    }

    /// <summary>Gets the Chinese yuan renminbi (2 minor units).</summary>
    public static Currency CNY => Known["CNY"];

    /// <summary>Gets the Hong Kong dollar (2 minor units).</summary>
    public static Currency HKD => Known["HKD"];

    /// <summary>Gets the US dollar (2 minor units).</summary>
    public static Currency USD => Known["USD"];

    /// <summary>Gets the euro (2 minor units).</summary>
    public static Currency EUR => Known["EUR"];

    /// <summary>Gets the Japanese yen (no minor units).</summary>
    public static Currency JPY => Known["JPY"];

    /// <summary>Gets the ISO 4217 alphabetic code, such as <c>CNY</c>.</summary>
    public string Code { get; }

    /// <summary>Gets the number of decimal places of the minor unit (2 for CNY, 0 for JPY).</summary>
    public int MinorUnits { get; }

    /// <summary>Gets the value of one minor unit, such as 0.01 for CNY or 1 for JPY.</summary>
    public decimal MinorUnit { get; }

    internal decimal Scale => Scales[MinorUnits];

    /// <summary>Gets a well-known currency by its ISO 4217 code.</summary>
    /// <param name="code">The ISO 4217 code, such as <c>CNY</c>.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentException">The code is not one of the well-known currencies; create it with the constructor instead.</exception>
    public static Currency FromCode(string code)
    {
        Guard.NotNull(code);
        return Known.TryGetValue(code, out var currency)
            ? currency
            : throw new ArgumentException($"'{code}' is not a well-known currency; create it with new Currency(\"{code}\", minorUnits).", nameof(code));
    }

    /// <summary>Gets a well-known currency by its ISO 4217 code, if it is known.</summary>
    /// <param name="code">The ISO 4217 code, such as <c>CNY</c>.</param>
    /// <param name="currency">The currency, or <see langword="null"/> when the code is not well known.</param>
    /// <returns><see langword="true"/> when the code is well known.</returns>
    public static bool TryFromCode(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is not null && Known.TryGetValue(code, out currency);
    }

    /// <inheritdoc />
    public bool Equals(Currency? other) =>
        other is not null && (ReferenceEquals(this, other) || (Code == other.Code && MinorUnits == other.MinorUnits));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Currency);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, MinorUnits);

    /// <summary>Returns the ISO 4217 code.</summary>
    /// <returns>The code, such as <c>CNY</c>.</returns>
    public override string ToString() => Code;

    /// <summary>Determines whether two currencies are equal.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when both are equal or both are <see langword="null"/>.</returns>
    public static bool operator ==(Currency? left, Currency? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Determines whether two currencies differ.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Currency? left, Currency? right) => !(left == right);
}
