using Crm.Campaigns.Internal;
using Crm.Internal;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Campaigns;

/// <summary>
/// Runs campaigns with a holdout: defines them, assigns customers to arms by a stable hash, delivers each arm's treatment
/// (coupons through <see cref="ICouponIssuer"/>, points and messages as events for the host) with consent and a budget, imports
/// experiments run elsewhere, and measures each arm's uplift over the holdout.
/// </summary>
/// <remarks>
/// <para>Every write is idempotent by campaign and customer: assigning, delivering or importing again writes nothing and returns
/// what was decided the first time. Input is checked before anything is read or written.</para>
/// <para>Priority and caps across campaigns: a customer may be in several campaigns, each with its own holdout; the host
/// chooses which campaigns a customer enters (by <see cref="Campaign.Priority"/>), because a customer held out of one campaign
/// and treated by another is still a fair control for the first only if the second is assigned independently, which the
/// per-campaign salt ensures.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class CampaignManager
{
    private readonly ICampaignStore _store;
    private readonly IStoreUnitOfWorkFactory _units;
    private readonly IActivityStore _activity;
    private readonly ICrmEventSink _events;
    private readonly ICouponIssuer? _issuer;
    private readonly IClock _clock;
    private readonly CampaignsOptions _options;
    private readonly ProgrammeSettings _settings;

    /// <summary>Initializes a new instance of the <see cref="CampaignManager"/> class.</summary>
    /// <param name="store">The campaign store.</param>
    /// <param name="units">The units of work, in which a coupon is issued with its delivery.</param>
    /// <param name="activity">The journal, for the outcomes of campaigns measured on it.</param>
    /// <param name="events">The event sink, which receives the messages to send.</param>
    /// <param name="issuers">The coupon issuer, if one is registered (Crm.Coupons provides one).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme's options (time zone, currency, retries).</param>
    /// <param name="options">The package's options.</param>
    public CampaignManager(
        ICampaignStore store,
        IStoreUnitOfWorkFactory units,
        IActivityStore activity,
        ICrmEventSink events,
        IEnumerable<ICouponIssuer> issuers,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<CampaignsOptions> options)
    {
        _store = Guard.NotNull(store);
        _units = Guard.NotNull(units);
        _activity = Guard.NotNull(activity);
        _events = Guard.NotNull(events);
        _issuer = Guard.NotNull(issuers).LastOrDefault();
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _options = Guard.NotNull(options).Value;
    }

    /// <summary>Defines a campaign; defining the same campaign again writes nothing.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when it was added now; <see langword="false"/> for a replay.</returns>
    /// <exception cref="CrmValidationException">The campaign is inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), a discount is in another currency, or its id was defined with another definition (<see cref="CampaignsErrorCodes.IdReused"/>).</exception>
    public async Task<bool> DefineAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(campaign);
        campaign.Validate();
        for (var i = 0; i < campaign.Arms.Count; i++)
        {
            if (campaign.Arms[i].DiscountPerConverter is { } discount && discount.Currency != _settings.Currency)
            {
                throw Campaign.Invalid($"$.arms[{i}].discountPerConverter", $"{discount} is not in the programme's currency {_settings.Currency}.");
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            if (await _store.FindCampaignAsync(campaign.Id, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return string.Equals(existing.ToJson(), campaign.ToJson(), StringComparison.Ordinal)
                    ? false
                    : throw new CrmValidationException(CampaignsErrorCodes.IdReused, "id", $"The campaign id '{campaign.Id}' was defined before with another definition; nothing was written. Use a new id (or a new salt under a new id) for a new campaign.");
            }

            if (await _store.AddCampaignAsync(campaign, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            // Another writer added the id between the read and the write: read again, it is a replay or a reuse.
            if (attempt > 0)
            {
                throw new CrmConcurrencyException($"campaign {campaign.Id}", 0, 1);
            }
        }
    }

    /// <summary>Finds a campaign.</summary>
    /// <param name="campaignId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The campaign, or <see langword="null"/> when none has the id.</returns>
    public Task<Campaign?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default) =>
        _store.FindCampaignAsync(Guard.NotNull(campaignId), cancellationToken);

    /// <summary>
    /// Assigns an audience to the campaign's arms by the stable hash (<see cref="Campaign.ArmFor"/>), each customer once: a customer
    /// already assigned keeps the arm and instant they have. Call it again as customers join the audience.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="audience">The customers; duplicates are assigned once.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were assigned now and how many had been.</returns>
    /// <exception cref="CrmValidationException">No campaign has the id (<see cref="CampaignsErrorCodes.CampaignNotFound"/>), or a customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public async Task<AssignResult> AssignAsync(string campaignId, IEnumerable<CustomerId> audience, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(audience);
        var campaign = await RequireAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();
        var hash = AssignmentHash.For(campaign);
        var added = 0;
        var seen = 0;
        var batch = new List<CampaignAssignment>(_options.PageSize);
        var unique = new HashSet<CustomerId>();
        foreach (var customer in audience)
        {
            Guard.Customer(customer, "audience");
            if (!unique.Add(customer))
            {
                continue;
            }

            batch.Add(new CampaignAssignment
            {
                CampaignId = campaign.Id,
                CustomerId = customer,
                Arm = campaign.Arms[hash.ArmIndex(customer)].Name,
                AssignedAt = now,
                Status = CampaignDeliveryStatus.Pending,
            });
            if (batch.Count == _options.PageSize)
            {
                added += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
                seen += batch.Count;
                batch.Clear();
            }
        }

        added += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
        seen += batch.Count;
        return new AssignResult { Added = added, AlreadyAssigned = seen - added };
    }

    /// <summary>Lists a customer's assignments in every campaign.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assignments; empty when none.</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public Task<IReadOnlyList<CampaignAssignment>> GetCustomerAssignmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.ListCustomerAssignmentsAsync(Guard.Customer(customerId), cancellationToken);

    private async Task<int> FlushAsync(List<CampaignAssignment> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var added = await _store.AddAssignmentsAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
        CampaignsTelemetry.Assignments.Add(added);
        return added;
    }

    private async Task<Campaign> RequireAsync(string campaignId, CancellationToken cancellationToken)
    {
        Guard.Key(campaignId, CampaignsErrorCodes.CampaignNotFound, "campaignId");
        return await _store.FindCampaignAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException(CampaignsErrorCodes.CampaignNotFound, "campaignId", $"No campaign has the id '{campaignId}'; define it with DefineAsync first.");
    }
}
