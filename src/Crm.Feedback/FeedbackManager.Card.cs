using Crm.Feedback.Internal;
using Crm.Internal;

namespace Crm.Feedback;

public sealed partial class FeedbackManager
{
    /// <summary>The length of a month for purchase frequency: a Gregorian year's days over twelve.</summary>
    private const double DaysPerMonth = 365.25 / 12;

    /// <summary>
    /// Assembles the customer card: the profile's contact details (only when <paramref name="includePersonalData"/>),
    /// first and latest purchase, total spend, purchases per month and favourite category from the metrics, the latest
    /// interactions and open tickets, the latest NPS and CSAT and a 0-100 satisfaction, staff notes, and the tier, points
    /// available and segments through Core's integration interfaces (empty where no package provides them).
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="includePersonalData">Whether to show name, phone and e-mail; leave it off where the caller has no need for them.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The card; a customer unknown to every store gets a card with nothing on it but the id.</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public async Task<CustomerCard> GetCustomerCardAsync(CustomerId customerId, bool includePersonalData = false, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        var recent = _options.CardRecentCount;
        var profile = includePersonalData ? await _customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false) : null;
        var metrics = await _activity.GetMetricsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var interactions = await _store.ListCustomerInteractionsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var responses = await _store.ListCustomerResponsesAsync(customerId, cancellationToken).ConfigureAwait(false);
        var notes = await _store.ListNotesAsync(customerId, cancellationToken).ConfigureAwait(false);

        var open = (await CustomerTickets.OfAsync(_store, interactions, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Status is TicketStatus.Open or TicketStatus.Acknowledged);

        // Responses come oldest first: the latest are at the end.
        var csats = responses.Where(r => r.Csat is not null).Select(r => r.Csat!.Value).TakeLast(recent).ToList();
        var purchases = metrics?.PurchaseCount ?? 0;
        var months = metrics?.FirstPurchaseAt is { } first ? Math.Max(1.0, (now - first).TotalDays / DaysPerMonth) : 1.0;
        return new CustomerCard
        {
            CustomerId = customerId,
            Name = profile?.Name,
            Phone = profile?.Phone,
            Email = profile?.Email,
            FirstPurchaseAt = metrics?.FirstPurchaseAt,
            LastPurchaseAt = metrics?.LastPurchaseAt,
            TotalSpend = metrics?.NetSpend ?? Money.Zero(_settings.Currency),
            PurchaseCount = purchases,
            PurchasesPerMonth = purchases / months,
            FavouriteCategory = metrics?.Categories.Where(c => c.NetSpend.Amount > 0).OrderByDescending(c => c.NetSpend.Amount).ThenBy(c => c.Category, StringComparer.Ordinal).Select(c => c.Category).FirstOrDefault(),
            RecentInteractions = [.. interactions.Reverse().Take(recent)],
            OpenTickets = [.. open.OrderBy(t => t.OpenedAt)],
            LatestNps = responses.LastOrDefault(r => r.Nps is not null)?.Nps,
            LatestCsat = responses.LastOrDefault(r => r.Csat is not null)?.Csat,
            Satisfaction = csats.Count == 0 ? null : (csats.Average() - 1) / 4 * 100,
            Notes = notes,
            Tier = (await _tiers.GetTierAsync(customerId, now, null, cancellationToken).ConfigureAwait(false))?.Name,
            PointsAvailable = await _points.GetAvailablePointsAsync(customerId, cancellationToken).ConfigureAwait(false),
            Segments = await _segments.GetSegmentsAsync(customerId, cancellationToken).ConfigureAwait(false),
        };
    }
}
