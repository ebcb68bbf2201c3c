using System.Globalization;
using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// One customer on one card, the row of the table a shop keeps by hand: who they are (only when asked), what they buy
/// and how often, how service went, how satisfied they are, staff notes, and tier, points and segments where those
/// packages are installed. <see cref="FeedbackManager.GetCustomerCardAsync"/> assembles it.
/// </summary>
public sealed record CustomerCard
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the name; <see langword="null"/> unless personal data was asked for (or none is kept).</summary>
    public string? Name { get; init; }

    /// <summary>Gets the phone number; <see langword="null"/> unless personal data was asked for (or none is kept).</summary>
    public string? Phone { get; init; }

    /// <summary>Gets the e-mail address; <see langword="null"/> unless personal data was asked for (or none is kept).</summary>
    public string? Email { get; init; }

    /// <summary>Gets the instant of the first purchase; <see langword="null"/> before any.</summary>
    public Instant? FirstPurchaseAt { get; init; }

    /// <summary>Gets the instant of the latest purchase; <see langword="null"/> before any.</summary>
    public Instant? LastPurchaseAt { get; init; }

    /// <summary>Gets the total spend: paid less refunded, over the whole journal.</summary>
    public required Money TotalSpend { get; init; }

    /// <summary>Gets the number of purchases.</summary>
    public required int PurchaseCount { get; init; }

    /// <summary>Gets the purchases per month since the first purchase (a month being 30.4375 days; at least one month is counted).</summary>
    public required double PurchasesPerMonth { get; init; }

    /// <summary>Gets the category with the highest net spend (ties by name); <see langword="null"/> before any purchase.</summary>
    public string? FavouriteCategory { get; init; }

    /// <summary>Gets the latest interactions, newest first (<see cref="FeedbackOptions.CardRecentCount"/> of them at most).</summary>
    public required IReadOnlyList<ServiceInteraction> RecentInteractions { get; init; }

    /// <summary>Gets the complaint tickets not yet resolved or closed, oldest first.</summary>
    public required IReadOnlyList<ComplaintTicket> OpenTickets { get; init; }

    /// <summary>Gets the latest NPS score given (0-10); <see langword="null"/> when none.</summary>
    public int? LatestNps { get; init; }

    /// <summary>Gets the latest CSAT score given (1-5); <see langword="null"/> when none.</summary>
    public int? LatestCsat { get; init; }

    /// <summary>
    /// Gets the satisfaction on a 0-100 scale: the mean CSAT of the latest responses that give one
    /// (<see cref="FeedbackOptions.CardRecentCount"/> of them at most), mapped linearly so that 1 is 0 and 5 is 100;
    /// <see langword="null"/> when no response gives a CSAT.
    /// </summary>
    public double? Satisfaction { get; init; }

    /// <summary>Gets the staff notes, oldest first.</summary>
    public required IReadOnlyList<CustomerNote> Notes { get; init; }

    /// <summary>Gets the tier held now; <see langword="null"/> without a tier package or without a tier.</summary>
    public string? Tier { get; init; }

    /// <summary>Gets the points that can be spent now; <see langword="null"/> without a points package.</summary>
    public PointAmount? PointsAvailable { get; init; }

    /// <summary>Gets the segments the customer is in; empty without a segmentation package.</summary>
    public required IReadOnlyCollection<string> Segments { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{CustomerId}{(Name is null ? string.Empty : " " + Name)}: {TotalSpend} over {PurchaseCount} purchases ({PurchasesPerMonth:0.#} a month), favourite {FavouriteCategory ?? "none"}, satisfaction {(Satisfaction is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : "unknown")}, {OpenTickets.Count} open ticket(s), tier {Tier ?? "none"}");
}
