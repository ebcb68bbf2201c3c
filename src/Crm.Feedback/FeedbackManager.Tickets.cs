using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Feedback;

public sealed partial class FeedbackManager
{
    /// <summary>Finds a complaint ticket.</summary>
    /// <param name="ticketId">The id (the complaint's).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket, or <see langword="null"/> when none has the id.</returns>
    public Task<ComplaintTicket?> GetTicketAsync(string ticketId, CancellationToken cancellationToken = default) =>
        _store.FindTicketAsync(Guard.NotNull(ticketId), cancellationToken);

    /// <summary>Acknowledges an open ticket.</summary>
    /// <param name="request">The ticket, the action id and the staff member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome; a ticket that is not open is a "no" with <see cref="FeedbackErrorCodes.TicketState"/>.</returns>
    /// <exception cref="CrmValidationException">A key is malformed (<see cref="FeedbackErrorCodes.InteractionInvalid"/>), the ticket does not exist (<see cref="FeedbackErrorCodes.TicketNotFound"/>), or the action id was used for another action (<see cref="FeedbackErrorCodes.IdReused"/>).</exception>
    public Task<TicketTransitionResult> AcknowledgeTicketAsync(TicketActionRequest request, CancellationToken cancellationToken = default) =>
        ActAsync(Guard.NotNull(request).TicketId, request.ActionId, request.StaffId, TicketAction.Acknowledge, null, cancellationToken);

    /// <summary>
    /// Resolves an open or acknowledged ticket with a remedy. A coupon remedy is issued through <see cref="ICouponIssuer"/>
    /// in the same unit of work as the ticket's change, under the key <c>feedback-remedy:{ticket}:{action}</c>: both or neither.
    /// When two resolutions race, exactly one wins; the other gets a "no" with <see cref="FeedbackErrorCodes.TicketState"/>.
    /// </summary>
    /// <param name="request">The ticket, the action id, the staff member and the resolution.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome: a "no" for a ticket already resolved or closed, or a coupon the issuer refused (<see cref="FeedbackErrorCodes.RemedyCouponRefused"/>; nothing written).</returns>
    /// <exception cref="CrmValidationException">The resolution is malformed (<see cref="FeedbackErrorCodes.ResolutionInvalid"/>), a coupon is asked for with no <see cref="ICouponIssuer"/> registered (<see cref="FeedbackErrorCodes.RemedyCouponRefused"/>), or as for <see cref="AcknowledgeTicketAsync"/>.</exception>
    public Task<TicketTransitionResult> ResolveTicketAsync(ResolveTicketRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        ValidateResolution(request.Resolution);
        return ActAsync(request.TicketId, request.ActionId, request.StaffId, TicketAction.Resolve, request.Resolution with { CouponId = null }, cancellationToken);
    }

    /// <summary>Closes a ticket that is not closed.</summary>
    /// <param name="request">The ticket, the action id and the staff member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome; a closed ticket is a "no" with <see cref="FeedbackErrorCodes.TicketState"/>.</returns>
    /// <exception cref="CrmValidationException">As for <see cref="AcknowledgeTicketAsync"/>.</exception>
    public Task<TicketTransitionResult> CloseTicketAsync(TicketActionRequest request, CancellationToken cancellationToken = default) =>
        ActAsync(Guard.NotNull(request).TicketId, request.ActionId, request.StaffId, TicketAction.Close, null, cancellationToken);

    /// <summary>Reopens a resolved or closed ticket; its resolve SLA runs again from now, in business hours.</summary>
    /// <param name="request">The ticket, the action id and the staff member.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome; a ticket that is open or acknowledged is a "no" with <see cref="FeedbackErrorCodes.TicketState"/>.</returns>
    /// <exception cref="CrmValidationException">As for <see cref="AcknowledgeTicketAsync"/>.</exception>
    public Task<TicketTransitionResult> ReopenTicketAsync(TicketActionRequest request, CancellationToken cancellationToken = default) =>
        ActAsync(Guard.NotNull(request).TicketId, request.ActionId, request.StaffId, TicketAction.Reopen, null, cancellationToken);

    /// <summary>Lists a page of a store's tickets that are past an SLA at an instant, by opening time then id.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="limit">The most breaches on the page, 1 to 1,000.</param>
    /// <param name="continuationToken">The token of the previous page, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page; a ticket breached at both stages is listed once, at the first.</returns>
    /// <exception cref="CrmValidationException">The store, limit or token is malformed (<see cref="FeedbackErrorCodes.ReportInvalid"/>).</exception>
    public async Task<SlaBreachPage> ListSlaBreachesAsync(string storeId, Instant? asOf = null, int limit = 100, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        Guard.Key(storeId, FeedbackErrorCodes.ReportInvalid, "storeId");
        if (limit is < 1 or > 1000)
        {
            throw new CrmValidationException(FeedbackErrorCodes.ReportInvalid, "limit", $"The limit is {limit}; it must be 1 to 1,000.");
        }

        var after = ParseToken(continuationToken);
        var now = asOf ?? _clock.GetCurrentInstant();
        var breaches = new List<SlaBreach>();
        FeedbackPosition? last = after;
        while (true)
        {
            var page = await _store.ListTicketsAsync(storeId, Instant.MinValue, now, last, _options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var ticket in page)
            {
                last = new FeedbackPosition(ticket.OpenedAt, ticket.Id);
                if (Breach(ticket, now) is { } breach)
                {
                    breaches.Add(breach);
                    if (breaches.Count == limit)
                    {
                        return new SlaBreachPage(breaches, Token(last.Value));
                    }
                }
            }

            if (page.Count < _options.PageSize)
            {
                return new SlaBreachPage(breaches, null);
            }
        }
    }

    /// <summary>
    /// Raises an <see cref="SlaBreachedEvent"/> for every ticket opened in a period that is past an SLA now. Run it on a
    /// schedule; each breach has a stable <see cref="CrmEvent.EventId"/>, so the host drops the ones it has seen.
    /// </summary>
    /// <param name="from">The earliest opening to look at.</param>
    /// <param name="storeId">The store, or <see langword="null"/> for every store.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many events were raised.</returns>
    public async Task<int> PublishSlaBreachesAsync(Instant from, string? storeId = null, CancellationToken cancellationToken = default)
    {
        if (storeId is not null)
        {
            Guard.Key(storeId, FeedbackErrorCodes.ReportInvalid, "storeId");
        }

        var now = _clock.GetCurrentInstant();
        var published = 0;
        await foreach (var ticket in KeysetPaging.ReadAllAsync<ComplaintTicket, FeedbackPosition>(
            (after, limit, token) => _store.ListTicketsAsync(storeId, from, now, after, limit, token),
            t => new FeedbackPosition(t.OpenedAt, t.Id),
            _options.PageSize,
            null,
            cancellationToken).ConfigureAwait(false))
        {
            if (Breach(ticket, now) is { } breach)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"sla-breached:{ticket.Id}:{breach.Stage}:{ticket.ReopenCount}");
                await _events.PublishAsync(new SlaBreachedEvent(ticket.CustomerId, breach.DueAt, id, breach), cancellationToken).ConfigureAwait(false);
                published++;
            }
        }

        return published;
    }

    private static SlaBreach? Breach(ComplaintTicket ticket, Instant asOf) => ticket.BreachedAt(asOf) switch
    {
        SlaStage.Acknowledge => new SlaBreach(ticket, SlaStage.Acknowledge, ticket.AcknowledgeDueAt),
        SlaStage.Resolve => new SlaBreach(ticket, SlaStage.Resolve, ticket.ResolveDueAt),
        _ => null,
    };

    private static string Token(FeedbackPosition position) => string.Create(CultureInfo.InvariantCulture, $"{position.At.ToUnixTimeTicks()}:{position.Id}");

    private static FeedbackPosition? ParseToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(token.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks) && HostKey.IsValid(token[(colon + 1)..])
            ? new FeedbackPosition(Instant.FromUnixTimeTicks(ticks), token[(colon + 1)..])
            : throw new CrmValidationException(FeedbackErrorCodes.ReportInvalid, "continuationToken", "The continuation token is not one this method returned.");
    }

    private async Task<TicketTransitionResult> ActAsync(string ticketId, string actionId, string staffId, TicketAction action, TicketResolution? resolution, CancellationToken cancellationToken)
    {
        Guard.Key(ticketId, FeedbackErrorCodes.InteractionInvalid, "ticketId");
        Guard.Key(actionId, FeedbackErrorCodes.InteractionInvalid, "actionId");
        Guard.Key(staffId, FeedbackErrorCodes.InteractionInvalid, "staffId");
        using var span = FeedbackTelemetry.Source.StartActivity("crm.feedback.ticket_action");
        span?.SetTag("crm.feedback.action", action.ToString());
        return await _settings.Retry.RunAsync(
            async _ =>
            {
                var ticket = await _store.FindTicketAsync(ticketId, cancellationToken).ConfigureAwait(false)
                    ?? throw new CrmValidationException(FeedbackErrorCodes.TicketNotFound, "ticketId", $"No complaint ticket has the id '{ticketId}'.");
                if (ticket.History.FirstOrDefault(h => string.Equals(h.ActionId, actionId, StringComparison.Ordinal)) is { } done)
                {
                    return done.Action == action && (resolution is null || resolution == done.Resolution! with { CouponId = null })
                        ? new TicketTransitionResult { Succeeded = true, Ticket = ticket, IsReplay = true, ErrorCode = null, Reason = null }
                        : throw IdReused("ticket action", actionId);
                }

                if (!Allowed(ticket.Status, action))
                {
                    var culture = _settings.Culture;
                    var texts = TextCatalog.Package;
                    var reason = texts.Format(culture, "Ticket.NotAllowed", texts.Get(culture, "TicketStatus." + ticket.Status), texts.Get(culture, "TicketAction." + action));
                    return new TicketTransitionResult { Succeeded = false, Ticket = ticket, IsReplay = false, ErrorCode = FeedbackErrorCodes.TicketState, Reason = reason };
                }

                var now = _clock.GetCurrentInstant();
                var next = Apply(ticket, action, now) with { History = [.. ticket.History, new TicketTransition { ActionId = actionId, Action = action, At = now, StaffId = staffId, Resolution = resolution }] };
                ComplaintTicket saved;
                if (resolution is not null && resolution.Remedy.HasFlag(TicketRemedy.Coupon))
                {
                    await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                    var issued = await _issuer!.IssueCouponAsync(
                        new CouponIssueRequest(ticket.CustomerId, resolution.CouponTemplateId!, CouponIssueReason.Manual, $"feedback-remedy:{ticket.Id}:{actionId}"),
                        unit,
                        cancellationToken).ConfigureAwait(false);
                    if (!issued.Succeeded)
                    {
                        return new TicketTransitionResult { Succeeded = false, Ticket = ticket, IsReplay = false, ErrorCode = FeedbackErrorCodes.RemedyCouponRefused, Reason = issued.Reason ?? TextCatalog.Package.Get(_settings.Culture, "Ticket.CouponRefused") };
                    }

                    var withCoupon = resolution with { CouponId = issued.CouponId };
                    next = next with { Resolution = withCoupon, History = [.. ticket.History, new TicketTransition { ActionId = actionId, Action = action, At = now, StaffId = staffId, Resolution = withCoupon }] };
                    saved = await unit.GetStore<IFeedbackStore>().SaveTicketAsync(next, ticket.Version, cancellationToken).ConfigureAwait(false);
                    await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    saved = await _store.SaveTicketAsync(next with { Resolution = action == TicketAction.Resolve ? resolution : next.Resolution }, ticket.Version, cancellationToken).ConfigureAwait(false);
                }

                FeedbackTelemetry.TicketActions.Add(1, new KeyValuePair<string, object?>("crm.feedback.action", action.ToString()));
                return new TicketTransitionResult { Succeeded = true, Ticket = saved, IsReplay = false, ErrorCode = null, Reason = null };
            },
            FeedbackTelemetry.ConcurrencyRetries,
            cancellationToken).ConfigureAwait(false);
    }

    private static bool Allowed(TicketStatus status, TicketAction action) => action switch
    {
        TicketAction.Acknowledge => status == TicketStatus.Open,
        TicketAction.Resolve => status is TicketStatus.Open or TicketStatus.Acknowledged,
        TicketAction.Close => status != TicketStatus.Closed,
        TicketAction.Reopen => status is TicketStatus.Resolved or TicketStatus.Closed,
        _ => false,
    };

    private ComplaintTicket Apply(ComplaintTicket ticket, TicketAction action, Instant now) => action switch
    {
        TicketAction.Acknowledge => ticket with { Status = TicketStatus.Acknowledged, AcknowledgedAt = ticket.AcknowledgedAt ?? now },

        // Resolving an open ticket acknowledges it too: the customer heard back.
        TicketAction.Resolve => ticket with { Status = TicketStatus.Resolved, AcknowledgedAt = ticket.AcknowledgedAt ?? now, ResolvedAt = now },
        TicketAction.Close => ticket with { Status = TicketStatus.Closed, ClosedAt = now },

        // The acknowledge SLA was about the first contact and stays decided; the resolve SLA runs again from the reopening.
        _ => ticket with
        {
            Status = TicketStatus.Open,
            ResolvedAt = null,
            ClosedAt = null,
            Resolution = null,
            ReopenCount = ticket.ReopenCount + 1,
            ResolveDueAt = Policy.DueAt(now, Policy.TargetFor(ticket.Category).ResolveWithin, _settings.Zone),
        },
    };

    private void ValidateResolution(TicketResolution? resolution)
    {
        const string Code = FeedbackErrorCodes.ResolutionInvalid;
        if (resolution is null)
        {
            throw new CrmValidationException(Code, "resolution", "A resolution is required.");
        }

        const TicketRemedy All = TicketRemedy.Apology | TicketRemedy.Refund | TicketRemedy.Coupon | TicketRemedy.Points;
        if (resolution.Remedy == TicketRemedy.None || (resolution.Remedy & ~All) != 0)
        {
            throw new CrmValidationException(Code, "resolution.remedy", $"The remedy {(int)resolution.Remedy} must combine at least one of apology, refund, coupon and points.");
        }

        var refund = resolution.Remedy.HasFlag(TicketRemedy.Refund);
        if (refund != resolution.RefundAmount.HasValue
            || (resolution.RefundAmount is { } amount && (amount.IsDefault || amount.Currency != _settings.Currency || !amount.IsPositive || !amount.IsWholeMinorUnits)))
        {
            throw new CrmValidationException(Code, "resolution.refundAmount", $"A refund remedy needs a positive amount in whole minor units of {_settings.Currency.Code}, and only a refund remedy has one.");
        }

        var coupon = resolution.Remedy.HasFlag(TicketRemedy.Coupon);
        if (coupon != (resolution.CouponTemplateId is not null) || (coupon && !HostKey.IsValid(resolution.CouponTemplateId)))
        {
            throw new CrmValidationException(Code, "resolution.couponTemplateId", "A coupon remedy needs a coupon template id (a key), and only a coupon remedy has one.");
        }

        if (coupon && _issuer is null)
        {
            throw new CrmValidationException(FeedbackErrorCodes.RemedyCouponRefused, "resolution.remedy", "A coupon remedy needs an ICouponIssuer: install Crm.Coupons (AddCoupons()) or register your own.");
        }

        if (resolution.Remedy.HasFlag(TicketRemedy.Points) != resolution.Points.HasValue || resolution.Points is <= 0)
        {
            throw new CrmValidationException(Code, "resolution.points", "A points remedy needs a positive number of points, and only a points remedy has one.");
        }
    }
}
