using System.Globalization;

namespace Crm.Membership;

/// <summary>
/// A tier ladder as data: the tiers from the entry tier up, the qualification window, reviews and the refund policy.
/// Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "window": { "kind": "rollingMonths", "months": 12 },
///   "review": { "schedule": "tierAnniversary", "validityMonths": 12, "mode": "oneLevel", "graceDays": 30 },
///   "tiers": [
///     { "name": "green" },
///     { "name": "gold", "thresholds": [ { "metric": "purchaseCount", "minimum": 30 } ],
///       "benefits": { "pointsMultiplier": 1.5, "welcomeCouponTemplateId": "gold-welcome" } }
///   ]
/// }
/// </code>
/// </example>
public sealed class TierPolicy
{
    /// <summary>Gets the tiers, from the entry tier (rank 0, no thresholds) upwards; each needs more than the one below.</summary>
    public required IReadOnlyList<TierDefinition> Tiers { get; init; }

    /// <summary>Gets the qualification window.</summary>
    public required QualificationWindow Window { get; init; }

    /// <summary>Gets the review settings.</summary>
    public TierReview Review { get; init; } = new();

    /// <summary>Gets what a refund that takes a member below their tier does.</summary>
    /// <value>The default value is <see cref="RefundDowngradePolicy.NextReview"/>.</value>
    public RefundDowngradePolicy RefundPolicy { get; init; }

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static TierPolicy FromJson(string json)
    {
        var policy = CrmJson.Deserialize<TierPolicy>(json);
        policy.Validate();
        return policy;
    }

    /// <summary>Writes the policy as JSON.</summary>
    /// <returns>Indented JSON that <see cref="FromJson"/> reads back.</returns>
    public string ToJson() => CrmJson.Serialize(this);

    /// <summary>Checks that the policy is consistent.</summary>
    /// <exception cref="CrmValidationException">It is not (<see cref="CrmErrorCodes.RulesInvalid"/>); the field is the JSON path of the first problem.</exception>
    public void Validate()
    {
        if (Tiers is null || Tiers.Count == 0)
        {
            throw Invalid("$.tiers", "A tier policy needs at least one tier.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Tiers.Count; i++)
        {
            var tier = Tiers[i];
            var path = $"$.tiers[{i}]";
            if (tier is null || string.IsNullOrWhiteSpace(tier.Name))
            {
                throw Invalid(path + ".name", $"Tier {i} has no name.");
            }

            if (!names.Add(tier.Name))
            {
                throw Invalid(path + ".name", $"Tier name '{tier.Name}' is used twice.");
            }

            if (i == 0 && tier.Thresholds.Count > 0)
            {
                throw Invalid(path + ".thresholds", $"The entry tier '{tier.Name}' cannot have thresholds: every member holds it.");
            }

            if (i > 0 && tier.Thresholds.Count == 0)
            {
                throw Invalid(path + ".thresholds", $"Tier '{tier.Name}' has no thresholds; only the entry tier may have none.");
            }

            for (var t = 0; t < tier.Thresholds.Count; t++)
            {
                var threshold = tier.Thresholds[t];
                if (!Enum.IsDefined(threshold.Metric) || threshold.Minimum <= 0m)
                {
                    throw Invalid($"{path}.thresholds[{t}]", $"Threshold {t} of tier '{tier.Name}' needs a known metric and a minimum above zero.");
                }

                // A higher tier must ask more than the tier below on every metric both use, or the ladder is out of order.
                var below = i > 1 ? Tiers[i - 1].Thresholds.FirstOrDefault(b => b.Metric == threshold.Metric) : null;
                if (below is not null && below.Minimum >= threshold.Minimum)
                {
                    throw Invalid($"{path}.thresholds[{t}].minimum", $"Tier '{tier.Name}' asks {threshold.Minimum.ToString(CultureInfo.InvariantCulture)} {threshold.Metric}, not more than '{Tiers[i - 1].Name}' below it ({below.Minimum.ToString(CultureInfo.InvariantCulture)}).");
                }
            }

            if (tier.Benefits.PointsMultiplier is <= 0m or > 100m)
            {
                throw Invalid(path + ".benefits.pointsMultiplier", $"Tier '{tier.Name}' has points multiplier {tier.Benefits.PointsMultiplier}; it must be above 0 and at most 100.");
            }

            for (var g = 0; g < tier.Benefits.Periodic.Count; g++)
            {
                var grant = tier.Benefits.Periodic[g];
                if (string.IsNullOrWhiteSpace(grant.CouponTemplateId) || grant.Count is < 1 or > 100 || !Enum.IsDefined(grant.Period))
                {
                    throw Invalid($"{path}.benefits.periodic[{g}]", $"Periodic grant {g} of tier '{tier.Name}' needs a coupon template, a count from 1 to 100 and a known period.");
                }
            }
        }

        switch (Window)
        {
            case null:
                throw Invalid("$.window", "The policy has no qualification window.");
            case RollingDaysWindow { Days: < 1 or > 3660 } days:
                throw Invalid("$.window.days", $"A rolling window of {days.Days} days is out of range (1 to 3660).");
            case RollingMonthsWindow { Months: < 1 or > 120 } months:
                throw Invalid("$.window.months", $"A rolling window of {months.Months} months is out of range (1 to 120).");
        }

        if (Review.ValidityMonths is < 1 or > 120)
        {
            throw Invalid("$.review.validityMonths", $"Validity of {Review.ValidityMonths} months is out of range (1 to 120).");
        }

        if (Review.Schedule == ReviewSchedule.CalendarDate && (Review.Month is < 1 or > 12 || Review.Day < 1 || Review.Day > DateTime.DaysInMonth(2001, Review.Month)))
        {
            throw Invalid("$.review.day", $"The review date {Review.Month}-{Review.Day} is not a date in every year.");
        }

        if (Review.GraceDays is < 0 or > 366)
        {
            throw Invalid("$.review.graceDays", $"A grace period of {Review.GraceDays} days is out of range (0 to 366).");
        }
    }

    /// <summary>Finds a tier's rank (its index in <see cref="Tiers"/>).</summary>
    /// <param name="name">The tier's name.</param>
    /// <returns>The rank, or -1 when the policy has no such tier.</returns>
    public int RankOf(string name)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (string.Equals(Tiers[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid tier policy at {path}: {message}");
}
