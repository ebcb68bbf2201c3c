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
}
