using NodaTime;

namespace Crm.Feedback;

/// <summary>
/// What Crm.Feedback decides by, as data: the complaint SLAs per category, the business hours they run in, and the survey
/// invitation rules. Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "slaTargets": [
///     { "acknowledgeWithinHours": 2, "resolveWithinHours": 48 },
///     { "category": "hygiene", "acknowledgeWithinHours": 1, "resolveWithinHours": 24 }
///   ],
///   "businessHours": { "opens": "09:00", "closes": "22:00" },
///   "surveyRules": [
///     { "name": "after-app-order", "surveyId": "nps-2026", "salesChannels": [ "app", "miniProgram" ], "samplingRate": 0.2, "capDays": 30, "via": "app" }
///   ]
/// }
/// </code>
/// </example>
public sealed class FeedbackPolicy
{
    /// <summary>Gets the SLA targets: at most one without a category (the default) and at most one per category.</summary>
    /// <value>The default value is empty: every category gets 2 hours to acknowledge and 48 to resolve.</value>
    public IReadOnlyList<SlaTarget> SlaTargets { get; init; } = [];

    /// <summary>Gets the business hours SLA time runs in, or <see langword="null"/> for round the clock.</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Gets the survey invitation rules; the first that matches a purchase decides.</summary>
    public IReadOnlyList<SurveyRule> SurveyRules { get; init; } = [];

    /// <summary>Gets the policy with every default: 2 h / 48 h round the clock, no survey rules.</summary>
    public static FeedbackPolicy Default { get; } = new();

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static FeedbackPolicy FromJson(string json)
    {
        var policy = CrmJson.Deserialize<FeedbackPolicy>(json);
        policy.Validate();
        return policy;
    }

    /// <summary>Writes the policy as JSON.</summary>
    /// <returns>JSON that <see cref="FromJson"/> reads back.</returns>
    public string ToJson() => CrmJson.Serialize(this);

    /// <summary>Gets the SLA target of a category: its own, else the default target, else 2 h / 48 h.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The target.</returns>
    public SlaTarget TargetFor(FeedbackCategory category) =>
        SlaTargets.FirstOrDefault(t => t.Category == category) ?? SlaTargets.FirstOrDefault(t => t.Category is null) ?? DefaultTarget;

    private static readonly SlaTarget DefaultTarget = new();

    /// <summary>Checks that the policy is consistent.</summary>
    /// <exception cref="CrmValidationException">It is not (<see cref="CrmErrorCodes.RulesInvalid"/>); the field is the JSON path of the first problem.</exception>
    public void Validate()
    {
        if (SlaTargets is null)
        {
            throw Invalid("$.slaTargets", "The SLA targets cannot be null; leave the property out for the defaults.");
        }

        var seen = new HashSet<FeedbackCategory?>();
        for (var i = 0; i < SlaTargets.Count; i++)
        {
            var target = SlaTargets[i] ?? throw Invalid($"$.slaTargets[{i}]", "A target cannot be null.");
            target.Validate($"$.slaTargets[{i}]");
            if (!seen.Add(target.Category))
            {
                throw Invalid($"$.slaTargets[{i}].category", $"A second target for {target.Category?.ToString() ?? "the default"}.");
            }
        }

        BusinessHours?.Validate("$.businessHours");
        if (SurveyRules is null)
        {
            throw Invalid("$.surveyRules", "The survey rules cannot be null; leave the property out for none.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < SurveyRules.Count; i++)
        {
            var rule = SurveyRules[i] ?? throw Invalid($"$.surveyRules[{i}]", "A rule cannot be null.");
            rule.Validate($"$.surveyRules[{i}]");
            if (!names.Add(rule.Name))
            {
                throw Invalid($"$.surveyRules[{i}].name", $"A second rule named '{rule.Name}'.");
            }
        }
    }

    /// <summary>Gets the instant an SLA of <paramref name="within"/> started at <paramref name="start"/> is due, in business hours when there are any.</summary>
    internal Instant DueAt(Instant start, Duration within, DateTimeZone zone) =>
        BusinessHours is { } hours ? hours.AddBusinessTime(start, within, zone) : start + within;

    internal static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid feedback policy at {path}: {message}");
}
