using System.Globalization;
using System.Text;
using Crm.Churn;

namespace Crm.Samples;

/// <summary>
/// The pictures analysts look at for a purchase model, as SVG files any browser opens: the frequency/recency matrices of
/// expected purchases and of P(alive) (lifetimes' <c>plot_frequency_recency_matrix</c> and
/// <c>plot_probability_alive_matrix</c>), and calibration against holdout by calibration frequency.
/// </summary>
public static class ChurnPlots
{
    private const int Cell = 12;
    private const int Margin = 60;

    /// <summary>Writes the three plots into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    /// <param name="model">The purchase model.</param>
    /// <param name="age">The age T of the matrices' customers, in the model's time unit (lifetimes uses the largest T).</param>
    /// <param name="horizon">The horizon of the expected purchases, in the model's time unit.</param>
    /// <param name="holdout">The calibration against holdout table of the model.</param>
    /// <param name="directory">Where to write the files.</param>
    /// <returns>The paths of the files written.</returns>
    public static IReadOnlyList<string> Write(IPurchaseModel model, int age, double horizon, HoldoutComparison holdout, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>
        {
            Save(directory, "frequency_recency_expected.svg", Matrix(model, age, (m, c) => m.ExpectedPurchases(c, horizon), Invariant($"Expected purchases in the next {horizon:0.#} time units, customers of age T = {age}"))),
            Save(directory, "frequency_recency_alive.svg", Matrix(model, age, (m, c) => m.ProbabilityAlive(c), Invariant($"Probability alive, customers of age T = {age}"))),
            Save(directory, "calibration_holdout.svg", Holdout(holdout)),
        };
        return files;
    }

    /// <summary>
    /// A heat map with recency t_x = 0..T down (the most recent buyers at the bottom, as lifetimes draws it) and frequency
    /// x = 0..T across, each cell shaded by its value against the largest; one-purchase customers have t_x = 0 only.
    /// </summary>
    public static string Matrix(IPurchaseModel model, int age, Func<IPurchaseModel, CustomerSummary, double> value, string title)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(age);
        var values = new double?[age + 1, age + 1];
        var max = 0.0;
        for (var tx = 0; tx <= age; tx++)
        {
            for (var x = 0; x <= age; x++)
            {
                // x = 0 means no repeat purchase, and then t_x is 0 by definition; x > 0 needs t_x > 0.
                if ((x == 0) != (tx == 0))
                {
                    continue;
                }

                var v = value(model, new CustomerSummary(x, tx, age));
                values[tx, x] = v;
                max = Math.Max(max, v);
            }
        }

        var size = (age + 1) * Cell;
        var svg = Start(size + (2 * Margin), size + (2 * Margin), title);
        for (var tx = 0; tx <= age; tx++)
        {
            for (var x = 0; x <= age; x++)
            {
                if (values[tx, x] is { } v)
                {
                    svg.Append(Invariant($"<rect x=\"{Margin + (x * Cell)}\" y=\"{Margin + ((age - tx) * Cell)}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Shade(max > 0 ? v / max : 0)}\"><title>x={x} t_x={tx}: {v:0.###}</title></rect>"));
                }
            }
        }

        svg.Append(Invariant($"<text x=\"{Margin + (size / 2)}\" y=\"{size + Margin + 30}\" text-anchor=\"middle\">frequency x (repeat purchases)</text>"));
        svg.Append(Invariant($"<text x=\"20\" y=\"{Margin + (size / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {Margin + (size / 2)})\">recency t_x (most recent at the bottom)</text>"));
        svg.Append(Invariant($"<text x=\"{Margin + size + 5}\" y=\"{Margin + 10}\">max {max:0.###}</text>"));
        return End(svg);
    }

    /// <summary>Actual against predicted mean holdout purchases by calibration frequency, as two bars per group.</summary>
    public static string Holdout(HoldoutComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        const int Height = 300;
        const int GroupWidth = 60;
        var width = (comparison.Groups.Count * GroupWidth) + (2 * Margin);
        var top = Math.Max(1e-9, comparison.Groups.Max(g => Math.Max(g.ActualMean, g.PredictedMean)));
        var svg = Start(width, Height + (2 * Margin), Invariant($"Calibration against holdout: {comparison.CustomerCount:N0} customers, MAE {comparison.MeanAbsoluteError:0.###}, correlation {comparison.Correlation:0.###}"));
        for (var i = 0; i < comparison.Groups.Count; i++)
        {
            var g = comparison.Groups[i];
            var left = Margin + (i * GroupWidth);
            foreach (var (mean, offset, colour, name) in new[] { (g.ActualMean, 8, "#4a6fa5", "actual"), (g.PredictedMean, 30, "#e07b39", "predicted") })
            {
                var h = mean / top * Height;
                svg.Append(Invariant($"<rect x=\"{left + offset}\" y=\"{Margin + Height - h:0.##}\" width=\"20\" height=\"{h:0.##}\" fill=\"{colour}\"><title>{name} {mean:0.###}</title></rect>"));
            }

            svg.Append(Invariant($"<text x=\"{left + 30}\" y=\"{Margin + Height + 20}\" text-anchor=\"middle\">{g.Frequency}{(g.IsOpenEnded ? "+" : string.Empty)}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{width / 2}\" y=\"{Margin + Height + 45}\" text-anchor=\"middle\">purchases in calibration (bars: actual, predicted mean holdout purchases)</text>"));
        return End(svg);
    }

    private static string Save(string directory, string name, string svg)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, svg, new UTF8Encoding(false));
        return path;
    }

    private static StringBuilder Start(int width, int height, string title) =>
        new StringBuilder()
            .Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"))
            .Append(Invariant($"<text x=\"{Margin}\" y=\"30\" font-size=\"14\">{Escape(title)}</text>"));

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    /// <summary>White (0) to dark blue (1).</summary>
    private static string Shade(double share)
    {
        var s = Math.Clamp(share, 0, 1);
        int Channel(int from, int to) => (int)Math.Round(from + ((to - from) * s));
        return Invariant($"#{Channel(255, 8):x2}{Channel(255, 48):x2}{Channel(255, 107):x2}");
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
