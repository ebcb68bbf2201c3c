using NodaTime;

namespace Crm.Points;

/// <summary>What <see cref="EarnRules.Evaluate(EarnContext)"/> needs to know about a purchase and its customer.</summary>
public sealed class EarnContext
{
    private static readonly IReadOnlyDictionary<string, long> NoCounters = new Dictionary<string, long>();

    /// <summary>Gets the purchase's lines with their exact share of the paid total (after coupons and line discounts).</summary>
    public required IReadOnlyList<ActivityLine> Lines { get; init; }

    /// <summary>Gets the instant of the purchase.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the programme's time zone, in which member days, birthdays and days for caps are computed.</summary>
    public required DateTimeZone TimeZone { get; init; }

    /// <summary>Gets the customer's tier, or <see langword="null"/> when they hold none.</summary>
    public CustomerTier? Tier { get; init; }

    /// <summary>Gets a value indicating whether this is the customer's first purchase.</summary>
    public bool IsFirstPurchase { get; init; }

    /// <summary>Gets the customer's birthday, or <see langword="null"/> when unknown.</summary>
    public LocalDate? Birthday { get; init; }

    /// <summary>Gets the customer's award counters from the ledger (bonuses given, points earned per day), see <see cref="PointsAccount.Counters"/>.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = NoCounters;

    /// <summary>Gets the culture of the contributions' labels ("base 1 per unit", "基础积分 每1元1分").</summary>
    /// <value>The default value is <see langword="null"/>: the current UI culture.</value>
    public System.Globalization.CultureInfo? Culture { get; init; }
}
