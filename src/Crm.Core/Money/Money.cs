using System.Globalization;
using System.Numerics;
using Crm.Internal;

namespace Crm;

/// <summary>
/// An exact amount of money: a <see cref="decimal"/> and its <see cref="Crm.Currency"/>.
/// </summary>
/// <remarks>
/// <para>Arithmetic refuses to mix currencies: adding, subtracting or comparing amounts of two currencies
/// throws <see cref="InvalidOperationException"/>. Multiplication keeps full precision; call
/// <see cref="Round()"/> to come back to whole minor units.</para>
/// <para><c>default(Money)</c> has no currency and is not a valid amount: every operation on it throws.
/// Use <see cref="Zero(Crm.Currency)"/> for nothing.</para>
/// </remarks>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
public readonly struct Money : IEquatable<Money>, IComparable<Money>, IFormattable
{
    private readonly Currency? _currency;

    /// <summary>Initializes a new instance of the <see cref="Money"/> struct.</summary>
    /// <param name="amount">The amount, which may have more decimals than the currency's minor units.</param>
    /// <param name="currency">The currency.</param>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is <see langword="null"/>.</exception>
    public Money(decimal amount, Currency currency)
    {
        _currency = Guard.NotNull(currency);
        Amount = amount;
    }

    /// <summary>Gets the amount.</summary>
    public decimal Amount { get; }

    /// <summary>Gets the currency.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(Money)</c>, which has no currency.</exception>
    public Currency Currency => _currency ?? throw new InvalidOperationException("default(Money) has no currency; use Money.Zero(currency) for an empty amount.");

    /// <summary>Gets a value indicating whether the amount is zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>Gets a value indicating whether the amount is below zero.</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>Gets a value indicating whether the amount is above zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>Gets a value indicating whether the amount is a whole number of the currency's minor units.</summary>
    public bool IsWholeMinorUnits => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    /// <summary>Gets a value indicating whether this is <c>default(Money)</c>, which has no currency.</summary>
    public bool IsDefault => _currency is null;

    /// <summary>Returns zero in a currency.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Zero of <paramref name="currency"/>.</returns>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>Creates an amount from a whole number of minor units, such as 1234 fen for 12.34 CNY.</summary>
    /// <param name="minorUnits">The number of minor units.</param>
    /// <param name="currency">The currency.</param>
    /// <returns>The amount.</returns>
    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        Guard.NotNull(currency);

        // The digits with the currency's scale (1234 fen is 12.34): exact, and without a decimal division.
        var magnitude = minorUnits < 0 ? (ulong)-(minorUnits + 1) + 1 : (ulong)minorUnits;
        return new Money(new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, minorUnits < 0, (byte)currency.MinorUnits), currency);
    }

    /// <summary>Returns the amount as a whole number of minor units, such as 1234 for 12.34 CNY.</summary>
    /// <returns>The number of minor units.</returns>
    /// <exception cref="InvalidOperationException">The amount is not a whole number of minor units; round it first.</exception>
    public long ToMinorUnits()
    {
        var scaled = Amount * Currency.Scale;
        if (decimal.Truncate(scaled) != scaled)
        {
            throw new InvalidOperationException($"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency.Code} is not a whole number of minor units; round it first.");
        }

        return decimal.ToInt64(scaled);
    }

    /// <summary>Rounds to whole minor units, halves away from zero (12.345 CNY becomes 12.35 CNY).</summary>
    /// <returns>The rounded amount.</returns>
    public Money Round() => Round(MidpointRounding.AwayFromZero);

    /// <summary>Rounds to whole minor units with the given rounding mode.</summary>
    /// <param name="mode">How to round; <see cref="MidpointRounding.ToZero"/> rounds down towards zero, <see cref="MidpointRounding.ToEven"/> is banker's rounding.</param>
    /// <returns>The rounded amount.</returns>
    public Money Round(MidpointRounding mode) => new(decimal.Round(Amount, Currency.MinorUnits, mode), Currency);

    /// <summary>
    /// Splits this amount into parts proportional to <paramref name="weights"/> that sum exactly to it,
    /// using the largest-remainder method in minor units.
    /// </summary>
    /// <param name="weights">The weights, none negative and at least one positive; one part per weight.</param>
    /// <returns>One part per weight, each a whole number of minor units within one minor unit of its exact share, summing exactly to this amount.</returns>
    /// <remarks>
    /// Each part first gets its exact share rounded towards zero; the minor units left over go one each to the
    /// parts with the largest discarded fractions, and among equal fractions to the earlier weight. A part with
    /// weight zero gets zero.
    /// </remarks>
    /// <exception cref="ArgumentException">No weight is given, a weight is negative, or all weights are zero.</exception>
    /// <exception cref="InvalidOperationException">This amount is not a whole number of minor units.</exception>
    public Money[] Allocate(ReadOnlySpan<decimal> weights)
    {
        var currency = Currency;
        var total = ToMinorUnits();
        if (weights.IsEmpty)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        var weightSum = 0m;
        foreach (var weight in weights)
        {
            if (weight < 0m)
            {
                throw new ArgumentException("Weights cannot be negative.", nameof(weights));
            }

            weightSum += weight;
        }

        if (weightSum == 0m)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        Span<long> parts = weights.Length <= 64 ? stackalloc long[weights.Length] : new long[weights.Length];
        AllocateMinorUnits(total, weights, parts, weightSum);
        var result = new Money[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            result[i] = FromMinorUnits(parts[i], currency);
        }

        return result;
    }

    /// <summary>
    /// The largest-remainder split of <see cref="Allocate"/> for weights that are whole numbers (such as minor units),
    /// in exact integer arithmetic and without allocating; weights are trusted (none negative, at least one positive).
    /// </summary>
    internal static void AllocateMinorUnits(long total, ReadOnlySpan<long> weights, Span<long> parts)
    {
        Int128 weightSum = 0;
        foreach (var weight in weights)
        {
            weightSum += weight;
        }

        var magnitude = Math.Abs(total);
        Span<Int128> remainders = weights.Length <= 32 ? stackalloc Int128[weights.Length] : new Int128[weights.Length];
        var assigned = 0L;
        for (var i = 0; i < weights.Length; i++)
        {
            // Below 2^126: the product of two longs always fits.
            var exact = (Int128)magnitude * weights[i];
            parts[i] = (long)(exact / weightSum);
            remainders[i] = weights[i] == 0 ? Int128.NegativeOne : exact % weightSum;
            assigned += parts[i];
        }

        HandOutLeftover(magnitude - assigned, parts, remainders);
        ApplySign(total, parts);
    }

    /// <summary>The largest-remainder split of <see cref="Allocate"/> for any weights; weights are trusted.</summary>
    private static void AllocateMinorUnits(long total, ReadOnlySpan<decimal> weights, Span<long> parts, decimal weightSum)
    {
        var magnitude = Math.Abs(total);
        Span<decimal> fractions = weights.Length <= 64 ? stackalloc decimal[weights.Length] : new decimal[weights.Length];
        var assigned = 0L;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = magnitude * (weights[i] / weightSum);
            var floor = decimal.Floor(exact);
            parts[i] = decimal.ToInt64(floor);
            fractions[i] = weights[i] == 0m ? -1m : exact - floor;
            assigned += parts[i];
        }

        HandOutLeftover(magnitude - assigned, parts, fractions);
        ApplySign(total, parts);
    }

    /// <summary>
    /// Hands out the minor units that rounding every share down left over (fewer than the parts), one at a time: to the
    /// parts with the largest discarded fractions, among equal fractions to the earlier part. A part whose fraction is
    /// −1 (weight zero, or already given one) gets none.
    /// </summary>
    private static void HandOutLeftover<T>(long left, Span<long> parts, Span<T> fractions)
        where T : INumber<T>, ISignedNumber<T>
    {
        for (; left > 0; left--)
        {
            var best = -1;
            for (var i = 0; i < fractions.Length; i++)
            {
                if (fractions[i] >= T.Zero && (best < 0 || fractions[i] > fractions[best]))
                {
                    best = i;
                }
            }

            parts[best]++;
            fractions[best] = T.NegativeOne;
        }
    }

    private static void ApplySign(long total, Span<long> parts)
    {
        if (total < 0)
        {
            foreach (ref var part in parts)
            {
                part = -part;
            }
        }
    }

    /// <summary>Returns the larger of two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The larger amount.</returns>
    public static Money Max(Money left, Money right) => left >= right ? left : right;

    /// <summary>Returns the smaller of two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && Equals(_currency, other._currency);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, _currency);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>A negative number, zero or a positive number as this amount is smaller, equal or larger.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        EnsureSameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>Formats the amount with its currency's minor units and code, such as <c>25.00 CNY</c>.</summary>
    /// <returns>The amount in invariant culture followed by the currency code.</returns>
    public override string ToString()
    {
        if (_currency is null)
        {
            return "(no currency)";
        }

        // Whole minor units print with exactly that many decimals (25.00 CNY); an unrounded amount prints in full.
        var amount = IsWholeMinorUnits
            ? Amount.ToString("F" + _currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : Amount.ToString(CultureInfo.InvariantCulture);
        return amount + " " + _currency.Code;
    }

    /// <summary>Formats the amount for a culture, as explanations do: with the culture's own currency symbol when the amount is in that culture's currency (<c>¥1,234.50</c> in zh-CN), otherwise with the culture's digits and the currency code (<c>1,234.50 CNY</c>).</summary>
    /// <param name="format">Not used; <see langword="null"/> or empty.</param>
    /// <param name="formatProvider">The culture; <see langword="null"/> or the invariant culture give <see cref="ToString()"/>.</param>
    /// <returns>The formatted amount.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        // The invariant form is the one logs, JSON and existing explanations print; only a named culture changes it.
        if (_currency is null || formatProvider is not CultureInfo culture || culture.Name.Length == 0 || !IsWholeMinorUnits)
        {
            return ToString();
        }

        var digits = "N" + _currency.MinorUnits.ToString(CultureInfo.InvariantCulture);
        return CultureCurrency(culture) == _currency.Code
            ? Amount.ToString("C" + _currency.MinorUnits.ToString(CultureInfo.InvariantCulture), culture)
            : Amount.ToString(digits, culture) + " " + _currency.Code;
    }

    private static string? CultureCurrency(CultureInfo culture)
    {
        if (culture.IsNeutralCulture)
        {
            return null;
        }

        try
        {
            return new RegionInfo(culture.Name).ISOCurrencySymbol;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts an amount from another of the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Multiplies an amount by a factor, keeping full precision (round afterwards).</summary>
    /// <param name="money">The amount.</param>
    /// <param name="factor">The factor, such as a quantity or 0.5 for half.</param>
    /// <returns>The product, not rounded.</returns>
    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    /// <summary>Multiplies an amount by a factor, keeping full precision (round afterwards).</summary>
    /// <param name="factor">The factor.</param>
    /// <param name="money">The amount.</param>
    /// <returns>The product, not rounded.</returns>
    public static Money operator *(decimal factor, Money money) => money * factor;

    /// <summary>Determines whether two amounts are equal (same currency and value; 1.0 equals 1.00).</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Determines whether two amounts differ.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger or equal.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!left.Currency.Equals(right.Currency))
        {
            throw new InvalidOperationException($"Cannot combine amounts in {left.Currency.Code} and {right.Currency.Code}; convert one of them first.");
        }
    }
}
