using System.Globalization;
using NodaTime;

namespace Crm.Points;

/// <summary>
/// How purchases and events earn points, as data: a base rate, exclusions, multipliers, bonuses and caps.
/// Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <remarks>
/// <para>Evaluation (<see cref="Evaluate(EarnContext)"/>): each earning line is worth its net amount (its share of what was paid,
/// after coupons and line discounts) times <see cref="PointsPerUnit"/>; the base is the floor of the sum. Multipliers
/// are then applied in list order: with <see cref="MultiplierCombination.Multiply"/> each multiplies the lines' current
/// value, with <see cref="MultiplierCombination.Add"/> each adds (factor - 1) times the lines' base value. Each
/// multiplier's contribution is the growth of the floor of the running total, so the contributions sum exactly to the
/// award. Then the first-purchase and birthday bonuses are added, and the caps (per purchase, then per customer per
/// local day) cut the award.</para>
/// </remarks>
/// <example>
/// <code language="json">
/// {
///   "pointsPerUnit": 1,
///   "excludedCategories": [ "gift-card" ],
///   "combination": "multiply",
///   "multipliers": [
///     { "kind": "memberDay", "dayOfWeek": "tuesday", "factor": 2 },
///     { "kind": "category", "category": "beans", "factor": 3 },
///     { "kind": "tierBenefit" }
///   ],
///   "firstPurchaseBonus": 100,
///   "birthday": { "points": 200, "window": "week" },
///   "events": [ { "event": "signUp", "points": 50 } ],
///   "maxPointsPerPurchase": 2000,
///   "maxPointsPerDay": 5000
/// }
/// </code>
/// </example>
public sealed class EarnRules
{
    /// <summary>Gets the points per currency unit of the net paid amount (0 to 1,000).</summary>
    /// <value>The default value is 1.</value>
    public decimal PointsPerUnit { get; init; } = 1m;

    /// <summary>Gets the categories that earn nothing (gift cards, deposits), ordinal and case-sensitive.</summary>
    public IReadOnlyList<string> ExcludedCategories { get; init; } = [];

    /// <summary>Gets the SKUs that earn nothing, ordinal and case-sensitive.</summary>
    public IReadOnlyList<string> ExcludedSkus { get; init; } = [];

    /// <summary>Gets how multipliers that apply to the same line combine.</summary>
    /// <value>The default value is <see cref="MultiplierCombination.Multiply"/>.</value>
    public MultiplierCombination Combination { get; init; }

    /// <summary>Gets the multipliers, applied in this order.</summary>
    public IReadOnlyList<EarnMultiplier> Multipliers { get; init; } = [];

    /// <summary>Gets the bonus for a customer's first purchase (0 for none).</summary>
    public long FirstPurchaseBonus { get; init; }

    /// <summary>Gets the birthday bonus, or <see langword="null"/> for none.</summary>
    public BirthdayBonus? Birthday { get; init; }

    /// <summary>Gets the awards for events the host reports.</summary>
    public IReadOnlyList<EventAward> Events { get; init; } = [];

    /// <summary>Gets the most points one purchase may earn, bonuses included, or <see langword="null"/> for no cap.</summary>
    public long? MaxPointsPerPurchase { get; init; }

    /// <summary>Gets the most points one customer may earn from purchases on one local day, or <see langword="null"/> for no cap.</summary>
    public long? MaxPointsPerDay { get; init; }

    /// <summary>Reads earn rules from JSON and validates them.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static EarnRules FromJson(string json)
    {
        var rules = CrmJson.Deserialize<EarnRules>(json);
        rules.Validate();
        return rules;
    }

    /// <summary>Writes the rules as JSON.</summary>
    /// <returns>Indented JSON that <see cref="FromJson"/> reads back.</returns>
    public string ToJson() => CrmJson.Serialize(this);

    /// <summary>Finds the award for an event.</summary>
    /// <param name="eventName">The event's name.</param>
    /// <returns>The award, or <see langword="null"/> when the rules define none.</returns>
    public EventAward? FindEvent(string eventName)
    {
        foreach (var award in Events)
        {
            if (string.Equals(award.Event, eventName, StringComparison.Ordinal))
            {
                return award;
            }
        }

        return null;
    }

    /// <summary>Checks that the rules are consistent.</summary>
    /// <exception cref="CrmValidationException">They are not (<see cref="CrmErrorCodes.RulesInvalid"/>); the field is the JSON path of the first problem.</exception>
    public void Validate()
    {
        if (PointsPerUnit is < 0m or > 1000m)
        {
            throw Invalid("$.pointsPerUnit", $"The rate {PointsPerUnit.ToString(CultureInfo.InvariantCulture)} is out of range (0 to 1000).");
        }

        CheckNames(ExcludedCategories, "$.excludedCategories", "category");
        CheckNames(ExcludedSkus, "$.excludedSkus", "SKU");
        if (!Enum.IsDefined(Combination))
        {
            throw Invalid("$.combination", "The combination is not known.");
        }

        if (Multipliers is null)
        {
            throw Invalid("$.multipliers", "The multipliers are null.");
        }

        for (var i = 0; i < Multipliers.Count; i++)
        {
            if (Multipliers[i] is not { } multiplier)
            {
                throw Invalid($"$.multipliers[{i}]", "The multiplier is null.");
            }

            if (multiplier.Check() is { } problem)
            {
                throw Invalid($"$.multipliers[{i}].{problem.Field}", problem.Message);
            }
        }

        if (FirstPurchaseBonus is < 0 or > 1_000_000)
        {
            throw Invalid("$.firstPurchaseBonus", $"The bonus {FirstPurchaseBonus} is out of range (0 to 1,000,000).");
        }

        if (Birthday is { } birthday)
        {
            if (birthday.Points is < 1 or > 1_000_000)
            {
                throw Invalid("$.birthday.points", $"The bonus {birthday.Points} is out of range (1 to 1,000,000).");
            }

            if (!Enum.IsDefined(birthday.Window))
            {
                throw Invalid("$.birthday.window", "The window is not known.");
            }
        }

        var events = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (Events?.Count ?? 0); i++)
        {
            var award = Events![i];
            if (award is null || string.IsNullOrWhiteSpace(award.Event))
            {
                throw Invalid($"$.events[{i}].event", $"Event award {i} has no event name.");
            }

            if (!events.Add(award.Event))
            {
                throw Invalid($"$.events[{i}].event", $"The event '{award.Event}' is defined twice.");
            }

            if (award.Points is < 1 or > 1_000_000)
            {
                throw Invalid($"$.events[{i}].points", $"The award {award.Points} is out of range (1 to 1,000,000).");
            }

            if (award.PerCustomerLimit is < 1 or > 10_000)
            {
                throw Invalid($"$.events[{i}].perCustomerLimit", $"The limit {award.PerCustomerLimit} is out of range (1 to 10,000).");
            }
        }

        if (MaxPointsPerPurchase is < 1)
        {
            throw Invalid("$.maxPointsPerPurchase", "The cap per purchase must be at least 1.");
        }

        if (MaxPointsPerDay is < 1)
        {
            throw Invalid("$.maxPointsPerDay", "The cap per day must be at least 1.");
        }

        if (MaxPointsPerDay is { } day && MaxPointsPerPurchase is { } purchase && purchase > day)
        {
            throw Invalid("$.maxPointsPerPurchase", $"The cap per purchase ({purchase}) is above the cap per day ({day}).");
        }
    }

    /// <summary>Computes the points a purchase earns and explains them. Pure: reads only <paramref name="context"/>.</summary>
    /// <param name="context">The purchase and what is known about its customer.</param>
    /// <returns>The points and the contribution of each rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public EarnEvaluation Evaluate(EarnContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Evaluate(context.Lines, context.OccurredAt, context.TimeZone, context.Tier, context.IsFirstPurchase, context.Birthday, context.Counters, context.Culture ?? CultureInfo.CurrentUICulture);
    }

    /// <summary>Evaluates without an <see cref="EarnContext"/> object (the front door's path: one allocation less per purchase).</summary>
    internal EarnEvaluation Evaluate(IReadOnlyList<ActivityLine> lines, Instant occurredAt, DateTimeZone zone, CustomerTier? tier, bool isFirstPurchase, LocalDate? birthdayDate, IReadOnlyDictionary<string, long> counters, CultureInfo culture)
    {
        var texts = Crm.Internal.TextCatalog.Package;
        var count = lines.Count;
        Span<decimal> baseValue = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        Span<decimal> value = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        var running = 0m;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            var worth = IsExcluded(line) ? 0m : line.Amount.Amount * PointsPerUnit;
            baseValue[i] = worth;
            value[i] = worth;
            running += worth;
        }

        var contributions = new List<EarnContribution>(4);
        var points = (long)decimal.Floor(running);
        if (points != 0)
        {
            contributions.Add(new EarnContribution(texts.Format(culture, "Earn.Base", PointsPerUnit), new PointAmount(points)));
        }

        if (Multipliers.Count > 0 && running > 0m)
        {
            var local = occurredAt.InZone(zone).LocalDateTime;
            var scope = new EarnScope(occurredAt, local, tier);
            var multiply = Combination == MultiplierCombination.Multiply;
            // Indexed, not foreach: enumerating through the interface would allocate an enumerator per purchase.
            for (var m = 0; m < Multipliers.Count; m++)
            {
                var multiplier = Multipliers[m];
                var factor = multiplier.FactorFor(scope);
                if (factor == 1m)
                {
                    continue;
                }

                var extra = 0m;
                var perLine = multiplier.IsPerLine;
                for (var i = 0; i < count; i++)
                {
                    if (baseValue[i] == 0m || (perLine && !multiplier.Matches(lines[i])))
                    {
                        continue;
                    }

                    if (multiply)
                    {
                        extra += value[i] * (factor - 1m);
                        value[i] *= factor;
                    }
                    else
                    {
                        extra += baseValue[i] * (factor - 1m);
                    }
                }

                if (extra == 0m)
                {
                    continue;
                }

                running = Math.Max(0m, running + extra);
                var floor = (long)decimal.Floor(running);
                if (floor != points)
                {
                    contributions.Add(new EarnContribution(multiplier.Label(culture), new PointAmount(floor - points)));
                    points = floor;
                }
            }
        }

        var firstPurchase = false;
        if (FirstPurchaseBonus > 0 && isFirstPurchase && !counters.ContainsKey(PointsCounters.FirstPurchase))
        {
            firstPurchase = true;
            points += FirstPurchaseBonus;
            contributions.Add(new EarnContribution(texts.Get(culture, "Earn.FirstPurchase"), new PointAmount(FirstPurchaseBonus)));
        }

        string? birthdayKey = null;
        if (Birthday is { } birthday && birthdayDate is { } born)
        {
            var date = occurredAt.InZone(zone).Date;
            if (BirthdayOccurrence(born, date, birthday.Window) is { } year)
            {
                var key = PointsCounters.Birthday(year);
                if (!counters.ContainsKey(key))
                {
                    birthdayKey = key;
                    points += birthday.Points;
                    contributions.Add(new EarnContribution(texts.Format(culture, "Earn.Birthday", year), new PointAmount(birthday.Points)));
                }
            }
        }

        if (MaxPointsPerPurchase is { } perPurchase && points > perPurchase)
        {
            contributions.Add(new EarnContribution(texts.Format(culture, "Earn.CapPurchase", perPurchase), new PointAmount(perPurchase - points)));
            points = perPurchase;
        }

        string? dayKey = null;
        if (MaxPointsPerDay is { } perDay)
        {
            dayKey = PointsCounters.Day(occurredAt.InZone(zone).Date);
            var allowed = Math.Max(0, perDay - counters.GetValueOrDefault(dayKey));
            if (points > allowed)
            {
                contributions.Add(new EarnContribution(texts.Format(culture, "Earn.CapDay", perDay), new PointAmount(allowed - points)));
                points = allowed;
            }
        }

        return new EarnEvaluation(new PointAmount(points), contributions, firstPurchase, birthdayKey, dayKey);
    }

    /// <summary>Finds the year of the birthday whose window contains a date (29 February falls on 28 February in common years).</summary>
    internal static int? BirthdayOccurrence(LocalDate born, LocalDate date, BirthdayWindow window)
    {
        for (var year = date.Year - 1; year <= date.Year + 1; year++)
        {
            var day = born.Month == 2 && born.Day == 29 && !CalendarSystem.Iso.IsLeapYear(year) ? 28 : born.Day;
            var occurrence = new LocalDate(year, born.Month, day);
            var inWindow = window switch
            {
                BirthdayWindow.Week => MondayOf(occurrence) == MondayOf(date),
                BirthdayWindow.Month => occurrence.Year == date.Year && occurrence.Month == date.Month,
                _ => occurrence == date,
            };
            if (inWindow)
            {
                return year;
            }
        }

        return null;
    }

    private static LocalDate MondayOf(LocalDate date) => date.PlusDays(1 - (int)date.DayOfWeek);

    /// <summary>Sums the lines that earn points (not in an excluded category or SKU), in minor units: the base of a refund's share.</summary>
    internal long EarningMinorUnits(IReadOnlyList<ActivityLine> lines)
    {
        var sum = 0L;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsExcluded(lines[i]))
            {
                sum += lines[i].Amount.ToMinorUnits();
            }
        }

        return sum;
    }

    private bool IsExcluded(ActivityLine line) => Contains(ExcludedCategories, line.Category) || Contains(ExcludedSkus, line.Sku);

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        // Indexed, not foreach: enumerating through the interface would allocate an enumerator per line.
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckNames(IReadOnlyList<string>? names, string path, string what)
    {
        if (names is null)
        {
            throw Invalid(path, $"The excluded {what} list is null.");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw Invalid($"{path}[{i}]", $"Excluded {what} {i} is empty.");
            }
        }
    }

    private static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid earn rules at {path}: {message}");
}
