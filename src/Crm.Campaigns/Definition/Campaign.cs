using System.Globalization;
using Crm.Campaigns.Internal;
using NodaTime;

namespace Crm.Campaigns;

/// <summary>
/// A targeted offer with a control group, as data: its arms and their weights (one of them the holdout), its schedule in the
/// programme's time zone, the contact channel and purpose whose consent delivery needs, a coupon budget, the attribution window and the
/// metric it is judged by. Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "id": "spring-latte",
///   "salt": "2027-03",
///   "start": "2027-03-01",
///   "end": "2027-03-07",
///   "channel": "push",
///   "purpose": "marketing",
///   "attributionDays": 14,
///   "maxCoupons": 5000,
///   "primaryMetric": "marginPerCustomer",
///   "marginRate": 0.6,
///   "arms": [
///     { "name": "latte-5-off", "kind": "coupon", "weight": 45, "couponTemplateId": "latte-5-off", "discountPerConverter": "5.00 CNY" },
///     { "name": "message", "kind": "message", "weight": 45 },
///     { "name": "holdout", "kind": "holdout", "weight": 10 }
///   ]
/// }
/// </code>
/// </example>
/// <remarks>
/// <para>The arm of a customer is fixed by a SHA-256 hash of the campaign id, the salt and the customer id (see
/// <see cref="ArmFor"/>): the same in every process, on every replay, and unchanged for existing customers when the
/// audience grows. Change the salt to draw a new, independent split for the same campaign id.</para>
/// <para>The schedule's days are inclusive and counted in the programme's time zone; the attribution window runs from the
/// start of <see cref="Start"/> to the end of <see cref="End"/> plus <see cref="AttributionDays"/> days.</para>
/// </remarks>
public sealed class Campaign
{
    /// <summary>Gets the campaign's id (a key).</summary>
    public required string Id { get; init; }

    /// <summary>Gets a name for people, or <see langword="null"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the salt of the assignment hash (a key).</summary>
    public required string Salt { get; init; }

    /// <summary>Gets the first day of deliveries, in the programme's time zone.</summary>
    public required LocalDate Start { get; init; }

    /// <summary>Gets the last day of deliveries (inclusive), in the programme's time zone.</summary>
    public required LocalDate End { get; init; }

    /// <summary>Gets the contact channel the campaign speaks on (one flag); delivery needs the customer's consent to it, in every arm.</summary>
    /// <value>The default value is <see cref="ContactChannels.Sms"/>.</value>
    public ContactChannels Channel { get; init; } = ContactChannels.Sms;

    /// <summary>Gets what the campaign contacts customers for; delivery needs consent for this purpose on <see cref="Channel"/>.</summary>
    /// <value>The default value is <see cref="ConsentPurpose.Marketing"/>.</value>
    public ConsentPurpose Purpose { get; init; } = ConsentPurpose.Marketing;

    /// <summary>Gets the days after <see cref="End"/>, 0 to 366, during which purchases still count.</summary>
    /// <value>The default value is 14 days.</value>
    public int AttributionDays { get; init; } = 14;

    /// <summary>Gets the most coupons the campaign issues, or <see langword="null"/> for no budget; deliveries past it are recorded as <see cref="CampaignDeliveryStatus.BudgetExhausted"/>.</summary>
    public int? MaxCoupons { get; init; }

    /// <summary>Gets the priority among campaigns, higher first, for hosts that choose which campaign a customer enters.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <summary>Gets the metric the verdict is about.</summary>
    /// <value>The default value is <see cref="CampaignMetric.Conversion"/>.</value>
    public CampaignMetric PrimaryMetric { get; init; } = CampaignMetric.Conversion;

    /// <summary>Gets the gross margin as a share of revenue, 0 to 1, supplied by the host; without it the margin is the revenue less the discount cost.</summary>
    public decimal? MarginRate { get; init; }

    /// <summary>Gets where the outcomes come from.</summary>
    /// <value>The default value is <see cref="CampaignOutcomeSource.Journal"/>.</value>
    public CampaignOutcomeSource Outcomes { get; init; } = CampaignOutcomeSource.Journal;

    /// <summary>Gets the arms, in order; exactly one is the <see cref="CampaignArmKind.Holdout"/>.</summary>
    public required IReadOnlyList<CampaignArm> Arms { get; init; }

    /// <summary>Gets the holdout arm.</summary>
    internal CampaignArm Holdout => Arms.First(a => a.Kind == CampaignArmKind.Holdout);

    /// <summary>Reads a campaign from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The campaign.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static Campaign FromJson(string json)
    {
        var campaign = CrmJson.Deserialize<Campaign>(json);
        campaign.Validate();
        return campaign;
    }

    /// <summary>Writes the campaign as JSON.</summary>
    /// <returns>JSON that <see cref="FromJson"/> reads back.</returns>
    public string ToJson() => CrmJson.Serialize(this);

    /// <summary>Gets the arm a customer is assigned to: the same for the same campaign id, salt and customer in every process.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The arm.</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public CampaignArm ArmFor(CustomerId customerId)
    {
        if (customerId.IsDefault)
        {
            throw new CrmValidationException(CrmErrorCodes.CustomerIdInvalid, nameof(customerId), "default(CustomerId) names no customer; pass the host's customer id.");
        }

        return Arms[AssignmentHash.For(this).ArmIndex(customerId)];
    }

    /// <summary>Finds an arm by name.</summary>
    /// <param name="name">The arm's name.</param>
    /// <returns>The arm, or <see langword="null"/> when the campaign has none of that name.</returns>
    public CampaignArm? FindArm(string name) => Arms.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>Checks that the campaign is consistent.</summary>
    /// <exception cref="CrmValidationException">It is not (<see cref="CrmErrorCodes.RulesInvalid"/>); the field is the JSON path of the first problem.</exception>
    public void Validate()
    {
        if (!HostKey.IsValid(Id))
        {
            throw Invalid("$.id", $"'{Id}' is not a key.");
        }

        if (!HostKey.IsValid(Salt))
        {
            throw Invalid("$.salt", $"'{Salt}' is not a key.");
        }

        if (End < Start)
        {
            throw Invalid("$.end", $"The last day {End:uuuu-MM-dd} is before the first day {Start:uuuu-MM-dd}.");
        }

        if (!ContactPolicy.IsSingleChannel(Channel))
        {
            throw Invalid("$.channel", $"'{Channel}' must be exactly one contact channel.");
        }

        if (!Enum.IsDefined(Purpose))
        {
            throw Invalid("$.purpose", $"{(int)Purpose} is not a consent purpose.");
        }

        if (AttributionDays is < 0 or > 366)
        {
            throw Invalid("$.attributionDays", $"{AttributionDays}: it must be between 0 and 366.");
        }

        if (MaxCoupons is < 0)
        {
            throw Invalid("$.maxCoupons", $"{MaxCoupons}: it cannot be negative.");
        }

        if (!Enum.IsDefined(PrimaryMetric))
        {
            throw Invalid("$.primaryMetric", $"{(int)PrimaryMetric} is not a metric.");
        }

        if (MarginRate is < 0m or > 1m)
        {
            throw Invalid("$.marginRate", $"{MarginRate?.ToString(CultureInfo.InvariantCulture)}: it must be between 0 and 1.");
        }

        if (!Enum.IsDefined(Outcomes))
        {
            throw Invalid("$.outcomes", $"{(int)Outcomes} is not an outcome source.");
        }

        if (Arms is null || Arms.Count < 2 || Arms.Count > 20)
        {
            throw Invalid("$.arms", "A campaign needs 2 to 20 arms, one of them the holdout.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var holdouts = 0;
        for (var i = 0; i < Arms.Count; i++)
        {
            var arm = Arms[i] ?? throw Invalid($"$.arms[{i}]", "An arm cannot be null.");
            arm.Validate($"$.arms[{i}]");
            if (!names.Add(arm.Name))
            {
                throw Invalid($"$.arms[{i}].name", $"A second arm named '{arm.Name}'.");
            }

            holdouts += arm.Kind == CampaignArmKind.Holdout ? 1 : 0;
        }

        if (holdouts != 1)
        {
            throw Invalid("$.arms", $"{holdouts} holdout arms: a campaign has exactly one, the group every other arm is measured against.");
        }
    }

    /// <summary>Gets the attribution window's first instant (inclusive) and end (exclusive) in a zone.</summary>
    internal (Instant From, Instant To) Window(DateTimeZone zone) =>
        (zone.AtStartOfDay(Start).ToInstant(), zone.AtStartOfDay(End.PlusDays(1 + AttributionDays)).ToInstant());

    /// <summary>Gets whether deliveries may be made at an instant: on a schedule day in the zone.</summary>
    internal bool IsRunning(Instant now, DateTimeZone zone)
    {
        var today = now.InZone(zone).Date;
        return today >= Start && today <= End;
    }

    internal static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid campaign at {path}: {message}");
}
