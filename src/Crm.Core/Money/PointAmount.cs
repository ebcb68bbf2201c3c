namespace Crm;

/// <summary>
/// A whole number of loyalty points.
/// </summary>
/// <remarks>
/// Named <c>PointAmount</c> rather than <c>Points</c> because <c>Crm.Points</c> is the namespace of the points package,
/// and a type and a namespace of one name cannot live side by side.
/// </remarks>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
public readonly struct PointAmount : IEquatable<PointAmount>, IComparable<PointAmount>
{
    /// <summary>Initializes a new instance of the <see cref="PointAmount"/> struct.</summary>
    /// <param name="value">The number of points; negative for a debit.</param>
    public PointAmount(long value) => Value = value;

    /// <summary>Gets zero points.</summary>
    public static PointAmount Zero => default;

    /// <summary>Gets the number of points.</summary>
    public long Value { get; }

    /// <summary>Gets a value indicating whether this is zero points.</summary>
    public bool IsZero => Value == 0;

    /// <summary>Gets a value indicating whether this is below zero.</summary>
    public bool IsNegative => Value < 0;

    /// <summary>Returns the larger of two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The larger amount.</returns>
    public static PointAmount Max(PointAmount left, PointAmount right) => left.Value >= right.Value ? left : right;

    /// <summary>Returns the smaller of two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    public static PointAmount Min(PointAmount left, PointAmount right) => left.Value <= right.Value ? left : right;

    /// <inheritdoc />
    public bool Equals(PointAmount other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PointAmount other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(PointAmount other) => Value.CompareTo(other.Value);

    /// <summary>Formats the amount, such as <c>120 pts</c>.</summary>
    /// <returns>The number of points followed by <c>pts</c>.</returns>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " pts";

    /// <summary>Creates an amount of points from a number.</summary>
    /// <param name="value">The number of points.</param>
    public static explicit operator PointAmount(long value) => new(value);

    /// <summary>Adds two amounts, checking for overflow.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="OverflowException">The sum does not fit in a <see cref="long"/>.</exception>
    public static PointAmount operator +(PointAmount left, PointAmount right) => new(checked(left.Value + right.Value));

    /// <summary>Subtracts an amount from another, checking for overflow.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="OverflowException">The difference does not fit in a <see cref="long"/>.</exception>
    public static PointAmount operator -(PointAmount left, PointAmount right) => new(checked(left.Value - right.Value));

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static PointAmount operator -(PointAmount value) => new(checked(-value.Value));

    /// <summary>Determines whether two amounts are equal.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(PointAmount left, PointAmount right) => left.Value == right.Value;

    /// <summary>Determines whether two amounts differ.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(PointAmount left, PointAmount right) => left.Value != right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    public static bool operator <(PointAmount left, PointAmount right) => left.Value < right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger.</returns>
    public static bool operator >(PointAmount left, PointAmount right) => left.Value > right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    public static bool operator <=(PointAmount left, PointAmount right) => left.Value <= right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger or equal.</returns>
    public static bool operator >=(PointAmount left, PointAmount right) => left.Value >= right.Value;
}
