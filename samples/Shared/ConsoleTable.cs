using System.Globalization;

namespace Crm.Samples;

/// <summary>A plain-text table: columns sized to their widest cell, numbers right-aligned.</summary>
internal sealed class ConsoleTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public ConsoleTable Add(params object?[] cells)
    {
        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void Print()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => IsNumeric(r[i]))).ToArray();
        Console.WriteLine(("  " + string.Join("  ", headers.Select((h, i) => Pad(h, widths[i], numeric[i])))).TrimEnd());
        Console.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            Console.WriteLine(("  " + string.Join("  ", row.Select((c, i) => Pad(c, widths[i], numeric[i])))).TrimEnd());
        }

        if (_rows.Count == 0)
        {
            Console.WriteLine("  (none)");
        }
    }

    private static string Pad(string text, int width, bool right) => right ? text.PadLeft(width) : text.PadRight(width);

    private static bool IsNumeric(string cell) =>
        cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] == '-' || cell[0] == '+') && cell.Any(char.IsDigit) && !cell.Contains(' ', StringComparison.Ordinal)
        || cell.EndsWith(" CNY", StringComparison.Ordinal) || cell.EndsWith(" USD", StringComparison.Ordinal) || cell.EndsWith('%');

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
