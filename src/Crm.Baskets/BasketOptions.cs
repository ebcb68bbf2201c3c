using NodaTime;

namespace Crm.Baskets;

/// <summary>Settings of Crm.Baskets, set with <c>AddBaskets(...)</c>.</summary>
public sealed class BasketOptions
{
    /// <summary>Gets or sets the policy: item level and mapping, exclusions, families, thresholds and recommendation settings.</summary>
    /// <value>The default value is <see cref="BasketPolicy.Default"/>.</value>
    public BasketPolicy Policy { get; set; } = BasketPolicy.Default;

    /// <summary>Gets or sets how many journal entries mining reads per page, 1 to 100,000.</summary>
    /// <value>The default value is 5000.</value>
    public int PageSize { get; set; } = 5000;

    /// <summary>Gets or sets how long a process keeps a model it loaded before looking for a newer version, 0 to 1 day.</summary>
    /// <value>The default value is 1 minute. A model mined in this process replaces the kept one at once.</value>
    public Duration ModelRefreshInterval { get; set; } = Duration.FromMinutes(1);
}
