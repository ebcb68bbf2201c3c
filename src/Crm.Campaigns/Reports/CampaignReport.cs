using NodaTime;

namespace Crm.Campaigns;

/// <summary>A campaign's measurement: each arm's figures and each treated arm against the holdout.</summary>
public sealed record CampaignReport
{
    /// <summary>Gets the campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Gets when the report was made.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>Gets the attribution window's first instant.</summary>
    public required Instant WindowStart { get; init; }

    /// <summary>Gets the attribution window's end (exclusive).</summary>
    public required Instant WindowEnd { get; init; }

    /// <summary>Gets a value that is <see langword="false"/> while the window is open: the report is fixed-horizon and its figures may still change.</summary>
    public required bool WindowClosed { get; init; }

    /// <summary>Gets every arm, in the campaign's order.</summary>
    public required IReadOnlyList<ArmReport> Arms { get; init; }

    /// <summary>Gets every arm but the holdout, against the holdout.</summary>
    public required IReadOnlyList<ArmComparison> Comparisons { get; init; }

    /// <summary>Gets customers excluded from every arm because the consent decision for the campaign's purpose and channel refused them.</summary>
    public required int ExcludedNoConsent { get; init; }

    /// <summary>Gets customers excluded because the coupon budget had run out.</summary>
    public required int ExcludedBudget { get; init; }

    /// <summary>Gets customers assigned but not delivered yet, in no arm.</summary>
    public required int Pending { get; init; }

    /// <summary>Gets the verdicts of the comparisons, and a warning while the window is open.</summary>
    public required string Verdict { get; init; }

    /// <summary>
    /// Gets <see cref="ExcludedNoConsent"/> by the consent decision's reason (withdrawn, no record, erased, not registered);
    /// exclusions imported from elsewhere carry no reason and are counted only in the total.
    /// </summary>
    public IReadOnlyDictionary<ContactDecisionReason, int> ExcludedNoConsentByReason { get; init; } = new Dictionary<ContactDecisionReason, int>();
}
