using System.Globalization;
using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>The values behind an explanation, kept by a run; the text is written only when it is read.</summary>
internal abstract class Explainer
{
    public abstract string Explain();

    public static string Pct(decimal share, int decimals) => decimal.Round(share * 100m, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
}

/// <summary><c>R5 F4 M3 (cell 54) is champions: last purchase ...</c>.</summary>
internal sealed class RfmExplainer(RfmScore score, string name, RunContext context) : Explainer
{
    public override string Explain() => string.Create(
        CultureInfo.InvariantCulture,
        $"R{score.R} F{score.F} M{score.M} (cell {score.R}{score.F}) is {name}: last purchase {score.RecencyDays}{context.DaysBefore}{score.Frequency} purchases and {score.Monetary}{context.NetIn}");
}

/// <summary>A value or frequency tier: within a top share, at least a minimum, or in no higher band.</summary>
internal sealed class BandExplainer(TierBand? band, string what, Money? money, int count, int higher, int population) : Explainer
{
    public override string Explain()
    {
        var shown = money is { } m ? m.ToString() : count.ToString(CultureInfo.InvariantCulture);
        if (band is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{what} {shown} is in no higher band ({higher} of {population} customers have more)");
        }

        return band.TopShare is { } share && higher < share * population
            ? string.Create(CultureInfo.InvariantCulture, $"{what} {shown}: {higher} of {population} customers have more, within the top {Pct(share, 0)}")
            : string.Create(CultureInfo.InvariantCulture, $"{what} {shown} is at least {band.Minimum}");
    }
}

/// <summary>A lifecycle stage with the days it was decided on.</summary>
internal sealed class LifecycleExplainer(string stage, LifecycleSettings settings, int days, int sinceFirst, YearMonth latest, int gap) : Explainer
{
    public override string Explain() => stage switch
    {
        "lifecycle-new" => string.Create(CultureInfo.InvariantCulture, $"first purchase {sinceFirst} days ago (new for {settings.NewDays} days)"),
        "lifecycle-won-back" => string.Create(
            CultureInfo.InvariantCulture,
            $"bought again in {latest:uuuu-MM} after {gap} months without purchases (at least {settings.WonBackGapMonths}); last purchase {days} days ago"),
        "lifecycle-active" => string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (at most {settings.ActiveDays})"),
        "lifecycle-at-risk" => string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (more than {settings.ActiveDays}, at most {settings.LapsedDays})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"last purchase {days} days ago (more than {settings.LapsedDays})"),
    };
}

/// <summary>A rule that matched, described with the customer's facts as they were when it matched.</summary>
internal sealed class RuleExplainer(RuleSegment rule, SegmentFacts facts, int assignedBefore) : Explainer
{
    public override string Explain() => $"rule {rule.Name}: {rule.When.Describe(facts.AsOfAssignment(assignedBefore))}";
}
