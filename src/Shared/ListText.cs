using System.Globalization;

namespace Crm.Internal;

/// <summary>
/// The text of a list inside a result's <c>ToString</c>: its items' own texts in brackets, so that a logged result shows
/// what it holds instead of <c>System.Collections.Generic.List`1[...]</c>.
/// </summary>
internal static class ListText
{
    public static string Of<T>(IEnumerable<T>? items) =>
        items is null ? "null" : "[" + string.Join(", ", items.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture))) + "]";
}
