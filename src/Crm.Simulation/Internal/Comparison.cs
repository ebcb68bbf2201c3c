using System.Globalization;
using Crm.Internal;

namespace Crm.Simulation.Internal;

/// <summary>Compares a candidate's per-customer results with the baseline's.</summary>
internal static class Comparison
{
    public static CandidateComparison Compare(ScenarioRun baseline, ScenarioRun candidate, int top, CultureInfo culture)
    {
        var texts = TextCatalog.Package;
        var baselineName = texts.Get(culture, "Compare.Baseline");
        var rows = new List<(CustomerId Id, long Delta, int TierDelta)>();
        var otherTier = 0;
        foreach (var id in baseline.Tracks.Keys.Union(candidate.Tracks.Keys))
        {
            var b = baseline.Tracks.GetValueOrDefault(id);
            var c = candidate.Tracks.GetValueOrDefault(id);
            var delta = checked((c?.Points ?? 0) - (b?.Points ?? 0));
            var tierDelta = IndexOf(candidate.TierOrder, c?.TierAtEnd) - IndexOf(baseline.TierOrder, b?.TierAtEnd);
            if (!string.Equals(b?.TierAtEnd, c?.TierAtEnd, StringComparison.Ordinal))
            {
                otherTier++;
            }

            if (delta != 0 || tierDelta != 0)
            {
                rows.Add((id, delta, tierDelta));
            }
        }

        CustomerDifference Row((CustomerId Id, long Delta, int TierDelta) row)
        {
            var b = baseline.Tracks.GetValueOrDefault(row.Id);
            var c = candidate.Tracks.GetValueOrDefault(row.Id);
            var explanation = new List<string> { texts.Format(culture, "Compare.Points", baselineName, Explain(b, texts, culture)), texts.Format(culture, "Compare.Points", candidate.Result.Name, Explain(c, texts, culture)) };
            if (b?.LastTierChange is { } bt)
            {
                explanation.Add(texts.Format(culture, "Compare.Tier", baselineName, bt));
            }

            if (c?.LastTierChange is { } ct)
            {
                explanation.Add(texts.Format(culture, "Compare.Tier", candidate.Result.Name, ct));
            }

            return new CustomerDifference { CustomerId = row.Id, BaselinePoints = b?.Points ?? 0, CandidatePoints = c?.Points ?? 0, BaselineTier = b?.TierAtEnd, CandidateTier = c?.TierAtEnd, Explanation = explanation };
        }

        var ordinal = StringComparer.Ordinal;
        return new CandidateComparison
        {
            Candidate = candidate.Result.Name,
            PointsIssuedDelta = checked(candidate.Result.NetPointsIssued - baseline.Result.NetPointsIssued),
            CustomersWithOtherTier = otherTier,
            Gainers = [.. rows.Where(r => r.Delta > 0 || (r.Delta == 0 && r.TierDelta > 0)).OrderByDescending(r => r.Delta).ThenByDescending(r => r.TierDelta).ThenBy(r => r.Id.Value, ordinal).Take(top).Select(Row)],
            Losers = [.. rows.Where(r => r.Delta < 0 || (r.Delta == 0 && r.TierDelta < 0)).OrderBy(r => r.Delta).ThenBy(r => r.TierDelta).ThenBy(r => r.Id.Value, ordinal).Take(top).Select(Row)],
        };
    }

    /// <summary>The earn rules' own labels (written by the points package in the same culture), summed over the period.</summary>
    private static string Explain(CustomerTrack? track, TextCatalog texts, CultureInfo culture) =>
        track is null || track.ByRule.Count == 0
            ? texts.Get(culture, "Compare.None")
            : string.Join(texts.Get(culture, "Compare.Separator"), track.ByRule.Select(r => texts.Format(culture, "Compare.Contribution", r.Key, r.Value)));

    private static int IndexOf(IReadOnlyList<string> order, string? tier)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], tier, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
