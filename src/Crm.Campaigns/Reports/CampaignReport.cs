using NodaTime;

namespace Crm.Campaigns;

/// <summary>A campaign's measurement: each arm's figures and each treated arm against the holdout.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="AsOf">When the report was made.</param>
/// <param name="WindowStart">The attribution window's first instant.</param>
/// <param name="WindowEnd">The attribution window's end (exclusive).</param>
/// <param name="WindowClosed"><see langword="false"/> while the window is open: the report is fixed-horizon and its figures may still change.</param>
/// <param name="Arms">Every arm, in the campaign's order.</param>
/// <param name="Comparisons">Every arm but the holdout, against the holdout.</param>
/// <param name="ExcludedNoConsent">Customers excluded from every arm because the consent decision for the campaign's purpose and channel refused them.</param>
/// <param name="ExcludedBudget">Customers excluded because the coupon budget had run out.</param>
/// <param name="Pending">Customers assigned but not delivered yet, in no arm.</param>
/// <param name="Verdict">The verdicts of the comparisons, and a warning while the window is open.</param>
public sealed record CampaignReport(
    string CampaignId,
    Instant AsOf,
    Instant WindowStart,
    Instant WindowEnd,
    bool WindowClosed,
    IReadOnlyList<ArmReport> Arms,
    IReadOnlyList<ArmComparison> Comparisons,
    int ExcludedNoConsent,
    int ExcludedBudget,
    int Pending,
    string Verdict)
{
    /// <summary>
    /// Gets <see cref="ExcludedNoConsent"/> by the consent decision's reason (withdrawn, no record, erased, not registered);
    /// exclusions imported from elsewhere carry no reason and are counted only in the total.
    /// </summary>
    public IReadOnlyDictionary<ContactDecisionReason, int> ExcludedNoConsentByReason { get; init; } = new Dictionary<ContactDecisionReason, int>();
}
