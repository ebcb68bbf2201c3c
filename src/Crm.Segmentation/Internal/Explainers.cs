using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Segmentation.Internal;

/// <summary>The values behind an explanation, kept by a run with the run's culture; the text is written only when it is read.</summary>
internal abstract class Explainer
{
    public abstract string Explain();

    public static string Pct(decimal share, int decimals, CultureInfo culture) => decimal.Round(share * 100m, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), culture) + "%";
}

/// <summary><c>R5 F4 M3 (cell 54) is champions: last purchase ...</c>.</summary>
internal sealed class RfmExplainer(RfmScore score, string name, RunContext context) : Explainer
{
    public override string Explain() => TextCatalog.Package.Format(
        context.Culture,
        "Segment.Rfm",
        score.R,
        score.F,
        score.M,
        name,
        score.RecencyDays,
        context.AsOfDate,
        score.Frequency,
        score.Monetary,
        context.First,
        context.Last);
}

/// <summary>A value or frequency tier: within a top share, at least a minimum, or in no higher band.</summary>
internal sealed class BandExplainer(TierBand? band, Money? money, int count, int higher, int population, CultureInfo culture) : Explainer
{
    public override string Explain()
    {
        var texts = TextCatalog.Package;
        var what = money is null ? "Segment.Purchases." : "Segment.Spend.";
        object shown = money is { } m ? m : count;
        if (band is null)
        {
            return texts.Format(culture, what + "Otherwise", shown, higher, population);
        }

        return band.TopShare is { } share && higher < share * population
            ? texts.Format(culture, what + "Top", shown, higher, population, Pct(share, 0, culture))
            : texts.Format(culture, what + "Minimum", shown, band.Minimum);
    }
}

/// <summary>A lifecycle stage with the days it was decided on.</summary>
internal sealed class LifecycleExplainer(string stage, LifecycleSettings settings, int days, int sinceFirst, YearMonth latest, int gap, CultureInfo culture) : Explainer
{
    public override string Explain()
    {
        var texts = TextCatalog.Package;
        return stage switch
        {
            "lifecycle-new" => texts.Format(culture, "Lifecycle.New", sinceFirst, settings.NewDays),
            "lifecycle-won-back" => texts.Format(culture, "Lifecycle.WonBack", latest, gap, settings.WonBackGapMonths, days),
            "lifecycle-active" => texts.Format(culture, "Lifecycle.Active", days, settings.ActiveDays),
            "lifecycle-at-risk" => texts.Format(culture, "Lifecycle.AtRisk", days, settings.ActiveDays, settings.LapsedDays),
            _ => texts.Format(culture, "Lifecycle.Lapsed", days, settings.LapsedDays),
        };
    }
}

/// <summary>A text of the catalogue with its arguments (a preference, a prospect), formatted when it is read.</summary>
internal sealed class TextExplainer(CultureInfo culture, string key, params object?[] args) : Explainer
{
    public override string Explain() => TextCatalog.Package.Format(culture, key, args);
}

/// <summary>A rule that matched, described with the customer's facts as they were when it matched.</summary>
internal sealed class RuleExplainer(RuleSegment rule, SegmentFacts facts, int assignedBefore, CultureInfo culture) : Explainer
{
    public override string Explain() => TextCatalog.Package.Format(culture, "Rule.Matched", rule.Name, rule.When.Describe(facts.AsOfAssignment(assignedBefore), culture));
}

/// <summary>A share written as a percentage with the culture's digits when the text is written, such as <c>75.0%</c>.</summary>
internal readonly record struct Percent(decimal Share, int Decimals) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) => Explainer.Pct(Share, Decimals, formatProvider as CultureInfo ?? CultureInfo.InvariantCulture);

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>A sales channel's name in the culture of the text it is written into.</summary>
internal readonly record struct ChannelName(SalesChannel Channel) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) => TextCatalog.Package.Get(formatProvider as CultureInfo ?? CultureInfo.InvariantCulture, "SalesChannel." + Channel);

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
