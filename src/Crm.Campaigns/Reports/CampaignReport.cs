using NodaTime;

namespace Crm.Campaigns;

/// <summary>A campaign's measurement: each arm's figures and each treated arm against the holdout.</summary>
public sealed record CampaignReport
{
    /// <summary>The campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>When the report was made.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>The attribution window's first instant.</summary>
    public required Instant WindowStart { get; init; }

    /// <summary>The attribution window's end (exclusive).</summary>
    public required Instant WindowEnd { get; init; }

    /// <summary><see langword="false"/> while the window is open: the report is fixed-horizon and its figures may still change.</summary>
    public required bool WindowClosed { get; init; }

    /// <summary>Every arm, in the campaign's order.</summary>
    public required IReadOnlyList<ArmReport> Arms { get; init; }

    /// <summary>Every arm but the holdout, against the holdout.</summary>
    public required IReadOnlyList<ArmComparison> Comparisons { get; init; }

    /// <summary>Customers excluded from every arm because they had not consented to the campaign's channel.</summary>
    public required int ExcludedNoConsent { get; init; }

    /// <summary>Customers excluded because the coupon budget had run out.</summary>
    public required int ExcludedBudget { get; init; }

    /// <summary>Customers assigned but not delivered yet, in no arm.</summary>
    public required int Pending { get; init; }

    /// <summary>The verdicts of the comparisons, and a warning while the window is open.</summary>
    public required string Verdict { get; init; }
}
