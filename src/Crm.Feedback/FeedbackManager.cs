using Crm.Internal;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// Records service interactions and runs complaint tickets through their SLAs; invites customers to surveys after
/// purchases and records their responses; reports NPS, CSAT, complaint volume and SLA attainment; keeps staff notes on customers.
/// </summary>
/// <remarks>
/// <para>Every write is idempotent by the host's id: recording the same interaction, action, response or note again
/// returns the same outcome and writes nothing; the same id with other content is refused
/// (<see cref="FeedbackErrorCodes.IdReused"/>). Input is checked before anything is read or written.</para>
/// <para>Time comes from the <see cref="IClock"/>; SLAs, report periods and invitation caps are counted in the programme's
/// time zone (<see cref="CrmOptions.TimeZone"/>). Ticket actions are optimistic: a conflict is read and decided again.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class FeedbackManager
{
    /// <summary>The most characters of free text (an interaction's text, a comment, a note).</summary>
    public const int MaxTextLength = 4000;

    private readonly IFeedbackStore _store;
    private readonly IStoreUnitOfWorkFactory _units;
    private readonly ICustomerStore _customers;
    private readonly IConsentStore _consents;
    private readonly IActivityStore _activity;
    private readonly ICustomerTierProvider _tiers;
    private readonly ICustomerPointsReader _points;
    private readonly ICustomerSegmentProvider _segments;
    private readonly ICrmEventSink _events;
    private readonly ICouponIssuer? _issuer;
    private readonly IClock _clock;
    private readonly FeedbackOptions _options;
    private readonly ProgrammeSettings _settings;

    /// <summary>Initializes a new instance of the <see cref="FeedbackManager"/> class.</summary>
    /// <param name="store">The feedback store.</param>
    /// <param name="units">The units of work, for a resolution that issues a coupon with it.</param>
    /// <param name="customers">The customer profiles, for consent and the card's contact details.</param>
    /// <param name="consents">The consent records, for survey invitations.</param>
    /// <param name="activity">The journal's metrics, for the customer card.</param>
    /// <param name="tiers">The tiers, for the customer card (Crm.Membership provides them).</param>
    /// <param name="points">The points, for the customer card (Crm.Points provides them).</param>
    /// <param name="segments">The segments, for the customer card (Crm.Segmentation provides them).</param>
    /// <param name="events">The event sink.</param>
    /// <param name="issuers">The coupon issuer, if one is registered (Crm.Coupons provides one).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme's options (time zone, currency, retries).</param>
    /// <param name="options">The package's options.</param>
    public FeedbackManager(
        IFeedbackStore store,
        IStoreUnitOfWorkFactory units,
        ICustomerStore customers,
        IConsentStore consents,
        IActivityStore activity,
        ICustomerTierProvider tiers,
        ICustomerPointsReader points,
        ICustomerSegmentProvider segments,
        ICrmEventSink events,
        IEnumerable<ICouponIssuer> issuers,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<FeedbackOptions> options)
    {
        _store = Guard.NotNull(store);
        _units = Guard.NotNull(units);
        _customers = Guard.NotNull(customers);
        _consents = Guard.NotNull(consents);
        _activity = Guard.NotNull(activity);
        _tiers = Guard.NotNull(tiers);
        _points = Guard.NotNull(points);
        _segments = Guard.NotNull(segments);
        _events = Guard.NotNull(events);
        _issuer = Guard.NotNull(issuers).LastOrDefault();
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _options = Guard.NotNull(options).Value;
    }

    private FeedbackPolicy Policy => _options.Policy;

    /// <summary>
    /// Records a service interaction; a complaint opens its ticket in the same write, with its SLA due instants counted
    /// in business hours in the programme's time zone, and raises a <see cref="TicketOpenedEvent"/>.
    /// </summary>
    /// <param name="interaction">The interaction (<see cref="ServiceInteraction.TextErasedAt"/> must be <see langword="null"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The interaction and its ticket; for a replay, as stored, and nothing is written.</returns>
    /// <exception cref="CrmValidationException">The interaction is malformed or dated after now beyond <see cref="CrmOptions.MaxClockSkew"/> (<see cref="FeedbackErrorCodes.InteractionInvalid"/>), the customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>), or the id was recorded with other content (<see cref="FeedbackErrorCodes.IdReused"/>).</exception>
    public Task<RecordInteractionResult> RecordInteractionAsync(ServiceInteraction interaction, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(interaction);
        ValidateInteraction(interaction);
        return _settings.Retry.RunAsync(
            async _ =>
            {
                if (await _store.FindInteractionAsync(interaction.Id, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    if (!SameInteraction(existing, interaction))
                    {
                        throw IdReused("interaction", interaction.Id);
                    }

                    var stored = existing.Kind == InteractionKind.Complaint ? await _store.FindTicketAsync(existing.Id, cancellationToken).ConfigureAwait(false) : null;
                    return new RecordInteractionResult { Interaction = existing, Ticket = stored, IsReplay = true };
                }

                var ticket = interaction.Kind == InteractionKind.Complaint ? Open(interaction) : null;
                if (!await _store.AddInteractionAsync(interaction, ticket, cancellationToken).ConfigureAwait(false))
                {
                    // Another writer took the id between the read and the write: read again, it is a replay or a reuse.
                    throw new CrmConcurrencyException($"interaction {interaction.Id}", 0, 1);
                }

                FeedbackTelemetry.Interactions.Add(1, new KeyValuePair<string, object?>("crm.feedback.kind", interaction.Kind.ToString()));
                if (ticket is not null)
                {
                    await _events.PublishAsync(new TicketOpenedEvent(ticket.CustomerId, ticket.OpenedAt, "ticket-opened:" + ticket.Id, ticket), cancellationToken).ConfigureAwait(false);
                }

                return new RecordInteractionResult { Interaction = interaction, Ticket = ticket, IsReplay = false };
            },
            FeedbackTelemetry.ConcurrencyRetries,
            cancellationToken);
    }

    /// <summary>Finds a service interaction.</summary>
    /// <param name="interactionId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The interaction, or <see langword="null"/> when none has the id.</returns>
    public Task<ServiceInteraction?> GetInteractionAsync(string interactionId, CancellationToken cancellationToken = default) =>
        _store.FindInteractionAsync(Guard.NotNull(interactionId), cancellationToken);

    /// <summary>Lists a customer's service interactions, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The interactions; empty when none.</returns>
    public Task<IReadOnlyList<ServiceInteraction>> GetCustomerInteractionsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.ListCustomerInteractionsAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>
    /// Erases the customer's free text kept by Crm.Feedback: the text of their interactions and notes and the comments of
    /// their survey responses. Call it with <see cref="CrmManager.EraseCustomerPersonalDataAsync"/>, which erases the profile.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many records had text erased (0 when called again).</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public Task<int> EraseCustomerPersonalDataAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.EraseCustomerTextAsync(Guard.Customer(customerId), _clock.GetCurrentInstant(), cancellationToken);

    private ComplaintTicket Open(ServiceInteraction complaint)
    {
        var target = Policy.TargetFor(complaint.Category);
        return new ComplaintTicket
        {
            Id = complaint.Id,
            CustomerId = complaint.CustomerId,
            StoreId = complaint.StoreId,
            Category = complaint.Category,
            Status = TicketStatus.Open,
            OpenedAt = complaint.OccurredAt,
            AcknowledgeDueAt = Policy.DueAt(complaint.OccurredAt, target.AcknowledgeWithin, _settings.Zone),
            ResolveDueAt = Policy.DueAt(complaint.OccurredAt, target.ResolveWithin, _settings.Zone),
            Version = 1,
        };
    }

    private void ValidateInteraction(ServiceInteraction interaction)
    {
        const string Code = FeedbackErrorCodes.InteractionInvalid;
        Guard.Key(interaction.Id, Code, "id");
        Guard.Customer(interaction.CustomerId);
        Guard.Key(interaction.StoreId, Code, "storeId");
        if (interaction.StaffId is not null)
        {
            Guard.Key(interaction.StaffId, Code, "staffId");
        }

        if (interaction.PurchaseId is not null)
        {
            Guard.Key(interaction.PurchaseId, Code, "purchaseId");
        }

        if (!Enum.IsDefined(interaction.Kind) || !Enum.IsDefined(interaction.Category) || !Enum.IsDefined(interaction.Channel))
        {
            throw new CrmValidationException(Code, "kind", $"Kind {(int)interaction.Kind}, category {(int)interaction.Category}, channel {(int)interaction.Channel}: each must be defined.");
        }

        CheckText(interaction.Text, Code, "text");
        CheckNotInFuture(interaction.OccurredAt, Code, "occurredAt");
        if (interaction.TextErasedAt is not null)
        {
            throw new CrmValidationException(Code, "textErasedAt", "An interaction is recorded with its text; only erasure sets TextErasedAt.");
        }
    }

    /// <summary>Refuses an instant past the tills' clock skew (<see cref="CrmOptions.MaxClockSkew"/>), as Core refuses a purchase dated in the future: an SLA or a report must not run from a time that has not come.</summary>
    private void CheckNotInFuture(Instant at, string code, string field)
    {
        var now = _clock.GetCurrentInstant();
        if (at > now + _settings.Options.MaxClockSkew)
        {
            throw new CrmValidationException(code, field, $"The {field} is {at}, more than {_settings.Options.MaxClockSkew} after now ({now}).");
        }
    }

    private static void CheckText(string? text, string code, string field)
    {
        if (text is not null && (text.Length > MaxTextLength || string.IsNullOrWhiteSpace(text)))
        {
            throw new CrmValidationException(code, field, $"The {field} has {text.Length} characters; give 1 to {MaxTextLength} that are not all white space, or none.");
        }
    }

    /// <summary>Whether a stored interaction is the one recorded again; text erased since is not held against the replay.</summary>
    private static bool SameInteraction(ServiceInteraction stored, ServiceInteraction again) =>
        stored with { Text = null, TextErasedAt = null } == again with { Text = null, TextErasedAt = null }
        && (stored.TextErasedAt is not null || string.Equals(stored.Text, again.Text, StringComparison.Ordinal));

    private static CrmValidationException IdReused(string what, string id) =>
        new(FeedbackErrorCodes.IdReused, "id", $"The {what} id '{id}' was used before with other content; nothing was written. Use a new id for a new {what}.");
}
