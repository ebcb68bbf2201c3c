using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Coupons.Internal;

/// <summary>
/// The package's reason and result texts in a culture, from <c>Resources/Texts.resx</c> (English) and its culture files:
/// a reason code's sentence is under the code itself, its other sentences under <c>Reason.*</c>.
/// </summary>
internal static class CouponTexts
{
    /// <summary>The text of a key with its arguments formatted for the culture.</summary>
    public static string Format(CultureInfo culture, string key, params ReadOnlySpan<object?> args) => TextCatalog.Package.Format(culture, key, args);

    /// <summary>A reason in the sentence its code's key holds.</summary>
    public static CouponReason Reason(CultureInfo culture, string code, params ReadOnlySpan<object?> args) => new(code, TextCatalog.Package.Format(culture, code, args));

    /// <summary>
    /// A reason in one of its code's other sentences (<paramref name="key"/>). Named apart from <c>Reason</c>, whose
    /// first argument may itself be a string.
    /// </summary>
    public static CouponReason Variant(CultureInfo culture, string code, string key, params ReadOnlySpan<object?> args) => new(code, TextCatalog.Package.Format(culture, key, args));

    /// <summary>Items listed as the culture lists them ("a, b" or "a、b").</summary>
    public static string List(CultureInfo culture, IEnumerable<string> items) => string.Join(TextCatalog.Package.Get(culture, "List.Separator"), items);

    /// <summary>A sales channel's name; an undefined value as it prints.</summary>
    public static string Channel(CultureInfo culture, SalesChannel channel) =>
        Enum.IsDefined(channel) ? TextCatalog.Package.Get(culture, "Channel." + channel) : channel.ToString();

    /// <summary>A weekday's name (周一…周日 in Chinese); an undefined value as it prints.</summary>
    public static string Weekday(CultureInfo culture, IsoDayOfWeek day) =>
        day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday ? TextCatalog.Package.Get(culture, "Weekday." + day) : day.ToString();

    /// <summary>A per-customer cap, "3 per month": of coupons held (<paramref name="uses"/> false) or of uses.</summary>
    public static string Cap(CultureInfo culture, int? cap, CapPeriod period, bool uses) =>
        Enum.IsDefined(period)
            ? TextCatalog.Package.Format(culture, (uses ? "Cap.Uses." : "Cap.Coupons.") + period, cap)
            : string.Create(culture, $"{cap} per {period.ToString().ToLowerInvariant()}");
}
