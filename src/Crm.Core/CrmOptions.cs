using NodaTime;

namespace Crm;

/// <summary>
/// The programme-wide settings of Crm.Core, set with <see cref="CrmServiceCollectionExtensions.AddCrm"/>.
/// </summary>
/// <remarks>Validated when the first service that needs them is built (and at host start with <c>ValidateOnStart</c>); every message names the setting.</remarks>
public sealed class CrmOptions
{
    /// <summary>Gets or sets the programme's currency. Purchases in another currency are rejected.</summary>
    /// <value>There is no default; it must be set, for example to <see cref="Currency.CNY"/>.</value>
    public Currency? Currency { get; set; }

    /// <summary>Gets or sets the programme's time zone, in which months, member days, birthdays and windows are computed.</summary>
    /// <value>There is no default; it must be set, for example to <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>.</value>
    public DateTimeZone? TimeZone { get; set; }

    /// <summary>Gets or sets how amounts are rounded to minor units (a line's quantity times its unit price, a refund's proportional share).</summary>
    /// <value>The default value is <see cref="MidpointRounding.AwayFromZero"/> (half up, as at a till).</value>
    public MidpointRounding Rounding { get; set; } = MidpointRounding.AwayFromZero;

    /// <summary>Gets or sets the culture of every explanation and reason text the packages produce (tier progress, points contributions, coupon reasons, churn reasons, segment explanations, campaign verdicts): its language and how it writes numbers, money and dates.</summary>
    /// <value>The default value is <see langword="null"/>: the current UI culture (<see cref="System.Globalization.CultureInfo.CurrentUICulture"/>) when a text is produced, so a web host's request localisation applies.</value>
    /// <remarks>Texts exist in English (the fallback of every culture) and Simplified Chinese (<c>zh-Hans</c>, so <c>zh-CN</c> and <c>zh-SG</c>). A text stored with a record (a tier change's explanation) keeps the culture it was written in.</remarks>
    public System.Globalization.CultureInfo? Culture { get; set; }

    /// <summary>Gets or sets how far in the future of the library's clock a fact's instant may lie (tills' clocks drift).</summary>
    /// <value>The default value is 5 minutes.</value>
    public Duration MaxClockSkew { get; set; } = Duration.FromMinutes(5);

    /// <summary>Gets or sets how many times a unit of work that lost an optimistic-concurrency race is read, decided and written again before the conflict reaches the caller.</summary>
    /// <value>The default value is 10 retries.</value>
    /// <remarks>Every manager of every package retries with these settings.</remarks>
    public int MaxConcurrencyRetries { get; set; } = 10;

    /// <summary>Gets or sets the bound of the wait before the first retry; it doubles for each further retry, up to <see cref="RetryMaxDelay"/>.</summary>
    /// <value>The default value is 2 milliseconds.</value>
    /// <remarks>Each wait is random between zero and its bound ("full jitter"), so writers that collided do not collide again in step. Zero retries at once.</remarks>
    public Duration RetryBaseDelay { get; set; } = Duration.FromMilliseconds(2);

    /// <summary>Gets or sets the largest bound of the wait between two retries.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public Duration RetryMaxDelay { get; set; } = Duration.FromMilliseconds(200);

    /// <summary>Gets or sets the earliest instant a purchase may be dated; an earlier one (a till's unset clock, <c>default(Instant)</c>) is refused with <see cref="CrmErrorCodes.PurchaseTooEarly"/>.</summary>
    /// <value>The default value is 2000-01-01T00:00:00Z.</value>
    public Instant EarliestFactInstant { get; set; } = Instant.FromUtc(2000, 1, 1, 0, 0);

    /// <summary>Gets or sets the largest amount one fact may carry, in the programme's currency: a unit price, a line's gross amount and a purchase's net sum.</summary>
    /// <value>The default value is 10,000,000 (ten million of the currency's major units).</value>
    /// <remarks>Bounds keep every sum the stores keep (in minor units, as 64-bit integers) exact; a larger purchase is refused with <see cref="CrmErrorCodes.PurchaseAmountTooLarge"/>.</remarks>
    public decimal MaxFactAmount { get; set; } = 10_000_000m;

    /// <summary>Gets or sets the largest net spend one customer may accumulate; a purchase past it is refused with <see cref="CrmErrorCodes.PurchaseCustomerSpendTooLarge"/>.</summary>
    /// <value>The default value is 10,000,000,000 (ten billion of the currency's major units).</value>
    public decimal MaxCustomerNetSpend { get; set; } = 10_000_000_000m;

    /// <summary>Gets or sets the largest quantity of one purchase line.</summary>
    /// <value>The default value is 100,000.</value>
    public decimal MaxLineQuantity { get; set; } = 100_000m;

    /// <summary>Gets or sets how many decimals a quantity may have (weighed goods: 3 is a gram of a kilogram).</summary>
    /// <value>The default value is 3.</value>
    /// <remarks>A quantity with more decimals is refused rather than rounded: 1E-28 of an item is a till's error, not a visit.</remarks>
    public int QuantityDecimals { get; set; } = 3;

    /// <summary>Gets or sets the largest number of lines of one purchase.</summary>
    /// <value>The default value is 1,000.</value>
    public int MaxLinesPerFact { get; set; } = 1_000;

    /// <summary>
    /// Gets or sets the smallest group of customers an aggregate report shows figures for, 1 to 1,000: a segment's count, a
    /// campaign arm's rates and revenue, a satisfaction score. A smaller group (but not an empty one) is suppressed, so that a
    /// report cannot single out a person.
    /// </summary>
    /// <value>The default value is 10.</value>
    /// <remarks>Every package reads this one setting; operator lists that name customers on purpose (a segment's members for targeting) are not reports and are not suppressed.</remarks>
    public int MinimumGroupSize { get; set; } = 10;
}
