using Crm.Feedback.Internal;
using Crm.Internal;
using NodaTime;

namespace Crm.Feedback;

public sealed partial class FeedbackManager
{
    /// <summary>
    /// Reports NPS and CSAT by store and period, with counts and 95% confidence intervals. A score given by fewer answers
    /// than <see cref="CrmOptions.MinimumGroupSize"/> is suppressed (<see langword="null"/>), so that nobody can single out one respondent.
    /// </summary>
    /// <param name="request">The days, store and period.</param>
    /// <param name="progress">Receives how many responses were read after each page, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The rows, by store (ordinal) then period; a group with no responses has no row.</returns>
    /// <remarks>The responses are streamed a page at a time; memory grows with the groups, not the responses.</remarks>
    /// <exception cref="CrmValidationException">The request is malformed (<see cref="FeedbackErrorCodes.ReportInvalid"/>).</exception>
    public async Task<IReadOnlyList<SatisfactionRow>> GetSatisfactionReportAsync(FeedbackReportRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var (from, to) = Range(request);
        using var span = FeedbackTelemetry.Source.StartActivity("crm.feedback.satisfaction_report");
        var groups = new Dictionary<(string Store, LocalDate Period), int[]>();
        await foreach (var response in KeysetPaging.ReadAllAsync<SurveyResponse, FeedbackPosition>(
            (after, limit, token) => _store.ListResponsesAsync(request.StoreId, from, to, after, limit, token),
            r => new FeedbackPosition(r.RespondedAt, r.Id),
            _options.PageSize,
            progress,
            cancellationToken).ConfigureAwait(false))
        {
            var key = (response.StoreId, PeriodStart(response.RespondedAt.InZone(_settings.Zone).Date, request.Period));
            if (!groups.TryGetValue(key, out var counts))
            {
                // responses, promoters, passives, detractors, csat answers, satisfied
                groups[key] = counts = new int[6];
            }

            counts[0]++;
            if (response.Nps is { } nps)
            {
                counts[nps >= 9 ? 1 : nps >= 7 ? 2 : 3]++;
            }

            if (response.Csat is { } csat)
            {
                counts[4]++;
                counts[5] += csat >= 4 ? 1 : 0;
            }
        }

        var minimum = _settings.MinimumGroupSize;
        return [.. groups
            .OrderBy(g => g.Key.Store, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Period)
            .Select(g =>
            {
                var c = g.Value;
                var npsCount = c[1] + c[2] + c[3];
                return new SatisfactionRow { StoreId = g.Key.Store, PeriodStart = g.Key.Period, Responses = c[0], Nps = npsCount >= minimum ? SatisfactionMath.Nps(c[1], c[2], c[3]) : null, Csat = c[4] >= minimum ? SatisfactionMath.Csat(c[5], c[4]) : null };
            })];
    }

    /// <summary>Reports how many complaints each store received per category in a range of days, and per 1,000 of the store's purchases in it.</summary>
    /// <param name="request">The days and store; the period is not used.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The rows, by store (ordinal), then most complaints first, then category.</returns>
    /// <remarks>The purchases are counted from the journal (<see cref="IActivityStore.ListEntriesAsync"/>, paged), by purchase time in the same days.</remarks>
    /// <exception cref="CrmValidationException">The request is malformed (<see cref="FeedbackErrorCodes.ReportInvalid"/>).</exception>
    public async Task<IReadOnlyList<ComplaintVolumeRow>> GetComplaintVolumeAsync(FeedbackReportRequest request, CancellationToken cancellationToken = default)
    {
        var (from, to) = Range(request);
        var counts = new Dictionary<(string Store, FeedbackCategory Category), int>();
        await foreach (var interaction in KeysetPaging.ReadAllAsync<ServiceInteraction, FeedbackPosition>(
            (after, limit, token) => _store.ListInteractionsAsync(from, to, after, limit, token),
            i => new FeedbackPosition(i.OccurredAt, i.Id),
            _options.PageSize,
            null,
            cancellationToken).ConfigureAwait(false))
        {
            if (interaction.Kind == InteractionKind.Complaint && (request.StoreId is null || string.Equals(request.StoreId, interaction.StoreId, StringComparison.Ordinal)))
            {
                var key = (interaction.StoreId, interaction.Category);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var purchases = new Dictionary<string, int>(StringComparer.Ordinal);
        if (counts.Count > 0)
        {
            await foreach (var entry in KeysetPaging.ReadAllAsync<ActivityEntry, JournalPosition>(
                (after, limit, token) => _activity.ListEntriesAsync(from, to, after, limit, request.StoreId, token),
                JournalPosition.Of,
                _options.PageSize,
                null,
                cancellationToken).ConfigureAwait(false))
            {
                if (entry.Kind == ActivityKind.Purchase)
                {
                    purchases[entry.StoreId] = purchases.GetValueOrDefault(entry.StoreId) + 1;
                }
            }
        }

        return [.. counts
            .OrderBy(c => c.Key.Store, StringComparer.Ordinal)
            .ThenByDescending(c => c.Value)
            .ThenBy(c => c.Key.Category)
            .Select(c => new ComplaintVolumeRow { StoreId = c.Key.Store, Category = c.Key.Category, Complaints = c.Value, Purchases = purchases.GetValueOrDefault(c.Key.Store) })];
    }

    /// <summary>Reports, per store, how the complaint tickets opened in a range of days kept their SLAs as of now.</summary>
    /// <param name="request">The days and store; the period is not used.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The rows, by store (ordinal).</returns>
    /// <exception cref="CrmValidationException">The request is malformed (<see cref="FeedbackErrorCodes.ReportInvalid"/>).</exception>
    public async Task<IReadOnlyList<SlaAttainmentRow>> GetSlaAttainmentAsync(FeedbackReportRequest request, CancellationToken cancellationToken = default)
    {
        var (from, to) = Range(request);
        var now = _clock.GetCurrentInstant();
        var rows = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        await foreach (var ticket in KeysetPaging.ReadAllAsync<ComplaintTicket, FeedbackPosition>(
            (after, limit, token) => _store.ListTicketsAsync(request.StoreId, from, to, after, limit, token),
            t => new FeedbackPosition(t.OpenedAt, t.Id),
            _options.PageSize,
            null,
            cancellationToken).ConfigureAwait(false))
        {
            if (!rows.TryGetValue(ticket.StoreId, out var c))
            {
                rows[ticket.StoreId] = c = new int[5];
            }

            c[0]++;
            var acknowledged = ticket.AcknowledgedAt ?? ticket.ResolvedAt ?? ticket.ClosedAt;
            if (acknowledged is { } a || now > ticket.AcknowledgeDueAt)
            {
                c[1]++;
                c[2] += acknowledged is { } at && at <= ticket.AcknowledgeDueAt ? 1 : 0;
            }

            var done = ticket.Status is TicketStatus.Resolved or TicketStatus.Closed ? ticket.ResolvedAt ?? ticket.ClosedAt : null;
            if (done is not null || now > ticket.ResolveDueAt)
            {
                c[3]++;
                c[4] += done is { } d && d <= ticket.ResolveDueAt ? 1 : 0;
            }
        }

        return [.. rows.Select(r => new SlaAttainmentRow { StoreId = r.Key, Tickets = r.Value[0], AcknowledgeDecided = r.Value[1], AcknowledgedOnTime = r.Value[2], ResolveDecided = r.Value[3], ResolvedOnTime = r.Value[4] })];
    }

    /// <summary>The first day of the period a day is in.</summary>
    internal static LocalDate PeriodStart(LocalDate date, ReportPeriod period) => period == ReportPeriod.Week
        ? date.PlusDays(-((int)date.DayOfWeek - 1))
        : new LocalDate(date.Year, date.Month, 1);

    /// <summary>The instants of a request's days in the programme's zone: from the first day's start to the last tick before the day after the last.</summary>
    private (Instant From, Instant To) Range(FeedbackReportRequest request)
    {
        Guard.NotNull(request);
        if (request.To < request.From)
        {
            throw new CrmValidationException(FeedbackErrorCodes.ReportInvalid, "to", $"The range ends ({request.To}) before it starts ({request.From}).");
        }

        if (!Enum.IsDefined(request.Period))
        {
            throw new CrmValidationException(FeedbackErrorCodes.ReportInvalid, "period", $"The period {(int)request.Period} is not defined.");
        }

        if (request.StoreId is not null)
        {
            Guard.Key(request.StoreId, FeedbackErrorCodes.ReportInvalid, "storeId");
        }

        var zone = _settings.Zone;
        return (request.From.AtStartOfDayInZone(zone).ToInstant(), request.To.PlusDays(1).AtStartOfDayInZone(zone).ToInstant() - Duration.Epsilon);
    }
}
