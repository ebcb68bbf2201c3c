using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Campaigns.Internal;

/// <summary>
/// Sums one campaign's per-customer outcomes by arm and turns them into a <see cref="CampaignReport"/>. Memory is one
/// accumulator per arm whatever the audience, so the report streams assignments page by page.
/// </summary>
internal sealed class CampaignMeasurement
{
    private readonly Campaign _campaign;
    private readonly Currency _currency;
    private readonly CultureInfo _culture;
    private readonly Arm[] _arms;
    private readonly Dictionary<string, int> _index;
    private readonly int _minimumGroupSize;

    /// <param name="campaign">The campaign measured.</param>
    /// <param name="currency">The programme's currency.</param>
    /// <param name="culture">The culture of the report's verdicts, read once so that one report is in one culture; <see langword="null"/> for the current UI culture.</param>
    /// <param name="minimumGroupSize">The smallest arm whose figures are shown (<see cref="CrmOptions.MinimumGroupSize"/>); 1 shows every arm.</param>
    public CampaignMeasurement(Campaign campaign, Currency currency, CultureInfo? culture = null, int minimumGroupSize = 1)
    {
        _minimumGroupSize = minimumGroupSize;
        _campaign = campaign;
        _currency = currency;
        _culture = culture ?? CultureInfo.CurrentUICulture;
        _arms = campaign.Arms.Select(_ => new Arm()).ToArray();
        _index = campaign.Arms.Select((a, i) => (a.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public int ExcludedNoConsent { get; private set; }

    /// <summary>The exclusions for consent by reason; imported exclusions and those decided before reasons were kept have none.</summary>
    public SortedDictionary<ContactDecisionReason, int> ExcludedByReason { get; } = [];

    public void ExcludeNoConsent(ContactDecisionReason? reason)
    {
        ExcludedNoConsent++;
        if (reason is { } known)
        {
            ExcludedByReason[known] = ExcludedByReason.GetValueOrDefault(known) + 1;
        }
    }

    public int ExcludedBudget { get; set; }

    public int Pending { get; set; }

    public int IndexOf(string arm) => _index[arm];

    /// <summary>Adds one counted customer's outcome to their arm.</summary>
    public void Add(int arm, int purchases, decimal revenue, decimal discount)
    {
        var a = _arms[arm];
        var margin = (_campaign.MarginRate is { } rate ? revenue * rate : revenue) - discount;
        a.Customers++;
        a.Converters += purchases > 0 ? 1 : 0;
        a.Revenue = checked(a.Revenue + revenue);
        a.Discount = checked(a.Discount + discount);
        a.RevenueMoments.Add((double)revenue);
        a.MarginMoments.Add((double)margin);
    }

    public CampaignReport Report(Instant now, (Instant From, Instant To) window)
    {
        var arms = new List<ArmReport>(_arms.Length);
        for (var i = 0; i < _arms.Length; i++)
        {
            var a = _arms[i];
            var definition = _campaign.Arms[i];
            arms.Add(Suppressed(a)
                ? new ArmReport { Arm = definition.Name, Kind = definition.Kind, Customers = a.Customers, IsSuppressed = true, Converters = null, ConversionRate = null, Revenue = null, RevenuePerCustomer = null, DiscountCost = null, NetRevenue = null }
                : new ArmReport { Arm = definition.Name, Kind = definition.Kind, Customers = a.Customers, Converters = a.Converters, ConversionRate = a.Customers == 0 ? 0 : (double)a.Converters / a.Customers, Revenue = new Money(a.Revenue, _currency), RevenuePerCustomer = a.Customers == 0 ? 0m : a.Revenue / a.Customers, DiscountCost = new Money(a.Discount, _currency), NetRevenue = new Money(checked(a.Revenue - a.Discount), _currency) });
        }

        var closed = now >= window.To;
        var holdoutIndex = IndexOf(_campaign.Holdout.Name);
        var holdout = _arms[holdoutIndex];
        var comparisons = new List<ArmComparison>();
        for (var i = 0; i < _arms.Length; i++)
        {
            if (i != holdoutIndex)
            {
                comparisons.Add(Compare(_campaign.Arms[i], _arms[i], holdout));
            }
        }

        // Sentences follow each other with a space in English and without one in Chinese.
        var texts = TextCatalog.Package;
        var verdict = comparisons.Count == 0 ? string.Empty : comparisons.Select(c => c.Verdict).Aggregate((a, b) => texts.Format(_culture, "Verdict.Next", a, b));
        if (!closed)
        {
            verdict = texts.Format(_culture, "Verdict.Next", texts.Format(_culture, "Verdict.WindowOpen", window.To), verdict);
        }

        return new CampaignReport { CampaignId = _campaign.Id, AsOf = now, WindowStart = window.From, WindowEnd = window.To, WindowClosed = closed, Arms = arms, Comparisons = comparisons, ExcludedNoConsent = ExcludedNoConsent, ExcludedBudget = ExcludedBudget, Pending = Pending, Verdict = verdict, ExcludedNoConsentByReason = ExcludedByReason };
    }

    /// <summary>An arm of one to fewer than the minimum customers: its figures would describe too few people. An empty arm describes nobody.</summary>
    private bool Suppressed(Arm arm) => arm.Customers > 0 && arm.Customers < _minimumGroupSize;

    private ArmComparison Compare(CampaignArm definition, Arm arm, Arm holdout)
    {
        if (Suppressed(arm) || Suppressed(holdout))
        {
            // The holdout's figures are shown beside the arm's comparison; an uplift against a small group gives that group away.
            var texts = TextCatalog.Package;
            return new ArmComparison { Arm = definition.Name, Holdout = _campaign.Holdout.Name, IsSuppressed = true, ConversionUplift = null, RelativeConversionUplift = null, RevenuePerCustomerUplift = null, RelativeRevenueUplift = null, IncrementalRevenue = null, IncrementalMargin = null, ConversionMde = null, RevenuePerCustomerMde = null, Verdict = texts.Format(_culture, "Verdict.Suppressed", definition.Name, _minimumGroupSize) };
        }

        var conversion = Statistics.NewcombeDifference(arm.Converters, arm.Customers, holdout.Converters, holdout.Customers);
        var revenue = Statistics.WelchDifference(arm.RevenueMoments, holdout.RevenueMoments);
        var margin = Statistics.WelchDifference(arm.MarginMoments, holdout.MarginMoments);
        var p0 = holdout.Customers == 0 ? 0 : (double)holdout.Converters / holdout.Customers;
        var conversionSe = arm.Customers == 0 || holdout.Customers == 0 ? double.NaN : Math.Sqrt(p0 * (1 - p0) * ((1.0 / arm.Customers) + (1.0 / holdout.Customers)));
        var revenueSe = arm.Customers == 0 || holdout.Customers == 0 ? double.NaN : Math.Sqrt((arm.RevenueMoments.Variance / arm.Customers) + (holdout.RevenueMoments.Variance / holdout.Customers));
        var revenue0 = holdout.RevenueMoments.Mean;
        var comparison = new ArmComparison { Arm = definition.Name, Holdout = _campaign.Holdout.Name, ConversionUplift = conversion, RelativeConversionUplift = p0 == 0 ? new Estimate(double.NaN, double.NaN, double.NaN) : Statistics.Scale(conversion, 1 / p0), RevenuePerCustomerUplift = revenue, RelativeRevenueUplift = revenue0 == 0 ? new Estimate(double.NaN, double.NaN, double.NaN) : Statistics.Scale(revenue, 1 / revenue0), IncrementalRevenue = Statistics.Scale(revenue, arm.Customers), IncrementalMargin = Statistics.Scale(margin, arm.Customers), ConversionMde = Statistics.MinimumDetectable(conversionSe), RevenuePerCustomerMde = Statistics.MinimumDetectable(revenueSe), Verdict = string.Empty };
        return comparison with { Verdict = Verdict(definition, comparison, margin) };
    }

    private string Verdict(CampaignArm arm, ArmComparison c, Estimate marginPerCustomer)
    {
        var texts = TextCatalog.Package;
        var culture = _culture;
        string F(double x) => x.ToString("0.00", culture);
        string P(double x) => texts.Format(culture, "Verdict.PercentagePoints", x * 100);
        var (estimate, what, format, mde) = _campaign.PrimaryMetric switch
        {
            CampaignMetric.Conversion => (c.ConversionUplift!, "Verdict.Metric.Conversion", (Func<double, string>)P, P(c.ConversionMde!.Value)),
            CampaignMetric.RevenuePerCustomer => (c.RevenuePerCustomerUplift!, "Verdict.Metric.RevenuePerCustomer", F, F(c.RevenuePerCustomerMde!.Value)),
            _ => (marginPerCustomer, "Verdict.Metric.MarginPerCustomer", F, F(c.RevenuePerCustomerMde!.Value)),
        };
        var sign = estimate.Value >= 0 ? "+" : string.Empty;
        var figures = texts.Format(culture, "Verdict.Figures", sign, format(estimate.Value), texts.Get(culture, what), format(estimate.Lower), format(estimate.Upper));
        var margin = _campaign.PrimaryMetric == CampaignMetric.MarginPerCustomer;
        if (estimate.Lower > 0)
        {
            return texts.Format(culture, margin ? "Verdict.PaidForItself" : "Verdict.BeatHoldout", arm.Name, figures);
        }

        if (estimate.Upper < 0)
        {
            return texts.Format(culture, margin ? "Verdict.CostMore" : "Verdict.WorseThanHoldout", arm.Name, figures);
        }

        return texts.Format(culture, "Verdict.NoDifference", arm.Name, figures, mde);
    }

    private sealed class Arm
    {
        public Moments RevenueMoments;
        public Moments MarginMoments;

        public int Customers { get; set; }

        public int Converters { get; set; }

        public decimal Revenue { get; set; }

        public decimal Discount { get; set; }
    }
}
