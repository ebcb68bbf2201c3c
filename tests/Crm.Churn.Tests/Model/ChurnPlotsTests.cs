using System.Globalization;
using System.Xml.Linq;
using Crm.Samples;

namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: the CdnowAnalysis sample's pictures are produced, well-formed SVG, and show the model's numbers.</summary>
public sealed class ChurnPlotsTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-plots-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Write_CdnowCalibration_ProducesThreeWellFormedSvgFilesWithTheModelsValues()
    {
        var rows = TransactionSummary.SplitCalibrationHoldout(Cdnow.SampleTransactions, Cdnow.CalibrationEnd, Cdnow.ObservationEnd, new TransactionSummaryOptions { PeriodsPerUnit = 7 });
        var model = BgNbdModel.Fit([.. rows.Select(r => r.Calibration.History)]);
        var holdout = model.CompareHoldout(rows);

        var files = ChurnPlots.Write(model, 39, 39, holdout, _directory);

        files.Select(Path.GetFileName).Should().Equal("frequency_recency_expected.svg", "frequency_recency_alive.svg", "calibration_holdout.svg");
        var documents = files.Select(f => XDocument.Load(f)).ToList(); // throws on anything not well-formed
        documents.Should().OnlyContain(d => d.Root!.Name == Svg + "svg");

        // Matrices: x = 0 with t_x = 0, and every x, t_x in 1..39: 1 + 39 × 39 cells, each titled with its value.
        var alive = Cells(documents[1]);
        alive.Should().HaveCount(1 + (39 * 39));
        alive[(0, 0)].Should().BeApproximately(model.ProbabilityAlive(new CustomerSummary(0, 0, 39)), 0.0005);
        alive[(10, 39)].Should().BeApproximately(model.ProbabilityAlive(new CustomerSummary(10, 39, 39)), 0.0005);
        alive[(10, 5)].Should().BeApproximately(model.ProbabilityAlive(new CustomerSummary(10, 5, 39)), 0.0005);
        var expected = Cells(documents[0]);
        expected[(20, 38)].Should().BeApproximately(model.ExpectedPurchases(new CustomerSummary(20, 38, 39), 39), 0.0005);

        // Holdout: two bars (actual, predicted) per frequency group 0..7+.
        var bars = documents[2].Descendants(Svg + "rect").Select(r => r.Element(Svg + "title")!.Value).ToList();
        bars.Should().HaveCount(2 * holdout.Groups.Count);
        bars[0].Should().Be(string.Create(CultureInfo.InvariantCulture, $"actual {holdout.Groups[0].ActualMean:0.###}"));
        bars[^1].Should().Be(string.Create(CultureInfo.InvariantCulture, $"predicted {holdout.Groups[^1].PredictedMean:0.###}"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The cells' values by (x, t_x), read back from their titles "x=… t_x=…: value".</summary>
    private static Dictionary<(int X, int Tx), double> Cells(XDocument document) =>
        document.Descendants(Svg + "rect").Select(r => r.Element(Svg + "title")!.Value).ToDictionary(
            title => (int.Parse(title[2..title.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture), int.Parse(title[(title.IndexOf("t_x=", StringComparison.Ordinal) + 4)..title.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)),
            title => double.Parse(title[(title.IndexOf(':', StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture));
}
