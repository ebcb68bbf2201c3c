using Crm.Points;

namespace Crm.Simulation.Internal;

/// <summary>Compares a candidate's per-customer results with the baseline's.</summary>
internal static class Comparison
{
    public static CandidateComparison Compare(ScenarioRun baseline, ScenarioRun candidate, int top)
    {
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
            var explanation = new List<string> { "baseline points: " + Explain(b), candidate.Result.Name + " points: " + Explain(c) };
            if (b?.LastTierChange is { } bt)
            {
                explanation.Add("baseline tier: " + bt);
            }

            if (c?.LastTierChange is { } ct)
            {
                explanation.Add(candidate.Result.Name + " tier: " + ct);
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

    /// <summary>The earn rules' own texts (<see cref="EarnContribution.ToString"/>), summed over the period.</summary>
    private static string Explain(CustomerTrack? track) =>
        track is null || track.ByRule.Count == 0
            ? "none"
            : string.Join(", ", track.ByRule.Select(r => new EarnContribution(r.Key, new PointAmount(r.Value)).ToString()));

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
