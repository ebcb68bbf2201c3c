using System.Globalization;

namespace Crm.Coupons.Internal;

/// <summary>
/// A list of names that joins itself only when formatted, with the culture's separator: an argument of a reason the
/// evaluator may never write (see <see cref="CouponEvaluator"/>), so building it must cost nothing.
/// </summary>
internal readonly struct TextList(IReadOnlyList<string> items) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) => CouponTexts.List(formatProvider as CultureInfo ?? CultureInfo.CurrentCulture, items);

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
