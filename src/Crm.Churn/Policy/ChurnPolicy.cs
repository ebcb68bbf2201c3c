namespace Crm.Churn;

/// <summary>
/// The churn rules as data: the signals' settings and weights, the level thresholds and the win-back actions.
/// Build it in code or load it from JSON with <see cref="FromJson"/>; every section may be left out for its defaults.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "cadence": { "multiplier": 2.0, "minPurchaseDays": 3, "defaultGapDays": 14, "weight": 1.0 },
///   "frequencyDrop": { "windowDays": 30, "minDropPercent": 50, "minPreviousPurchases": 2, "weight": 0.8 },
///   "model": { "horizonDays": 90, "weight": 1.0 },
///   "feedback": { "weight": 0.5 },
///   "levels": { "watch": 0.3, "warning": 0.5, "critical": 0.75 },
///   "winBack": {
///     "coolDownDays": 30, "wonBackWithinDays": 30,
///     "actions": [ { "level": "warning", "kind": "coupon", "couponTemplateId": "win-back-10", "channels": "sms, app" } ]
///   }
/// }
/// </code>
/// </example>
public sealed class ChurnPolicy
{
    /// <summary>Gets the cadence signal's settings.</summary>
    public CadenceSignalSettings Cadence { get; init; } = new();

    /// <summary>Gets the frequency-drop signal's settings.</summary>
    public FrequencyDropSignalSettings FrequencyDrop { get; init; } = new();

    /// <summary>Gets the model signal's settings.</summary>
    public ModelSignalSettings Model { get; init; } = new();

    /// <summary>Gets the feedback signal's settings.</summary>
    public FeedbackSignalSettings Feedback { get; init; } = new();

    /// <summary>Gets the level thresholds.</summary>
    public ChurnLevelThresholds Levels { get; init; } = new();

    /// <summary>Gets the win-back actions.</summary>
    public WinBackPolicy WinBack { get; init; } = new();

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static ChurnPolicy FromJson(string json)
    {
        var policy = CrmJson.Deserialize<ChurnPolicy>(json);
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
        if (Cadence is null || Cadence.Multiplier is <= 0 or > 100 || !double.IsFinite(Cadence.Multiplier))
        {
            throw Invalid("$.cadence.multiplier", "The cadence multiplier must be above 0 and at most 100.");
        }

        if (Cadence.MinPurchaseDays < 3)
        {
            throw Invalid("$.cadence.minPurchaseDays", "At least 3 purchase days are needed for a median of gaps.");
        }

        if (Cadence.DefaultGapDays is <= 0 or > 3660)
        {
            throw Invalid("$.cadence.defaultGapDays", "The default gap must be above 0 and at most 3660 days.");
        }

        if (Cadence.LookbackDays is < 30 or > 3660)
        {
            throw Invalid("$.cadence.lookbackDays", "The look-back must be 30 to 3660 days.");
        }

        if (FrequencyDrop is null || FrequencyDrop.WindowDays is < 1 or > 3660)
        {
            throw Invalid("$.frequencyDrop.windowDays", "The window must be 1 to 3660 days.");
        }

        if (FrequencyDrop.MinDropPercent is <= 0 or > 100)
        {
            throw Invalid("$.frequencyDrop.minDropPercent", "The minimum drop must be above 0 and at most 100 percent.");
        }

        if (FrequencyDrop.MinPreviousPurchases < 1)
        {
            throw Invalid("$.frequencyDrop.minPreviousPurchases", "At least 1 purchase in the previous window is needed to measure a drop.");
        }

        if (Model is null || Model.HorizonDays is < 1 or > 3660)
        {
            throw Invalid("$.model.horizonDays", "The horizon must be 1 to 3660 days.");
        }

        if (Feedback is null)
        {
            throw Invalid("$.feedback", "The feedback section is null.");
        }

        CheckWeight(Cadence.Weight, "$.cadence.weight");
        CheckWeight(FrequencyDrop.Weight, "$.frequencyDrop.weight");
        CheckWeight(Model.Weight, "$.model.weight");
        CheckWeight(Feedback.Weight, "$.feedback.weight");
        if (Levels is null || !(Levels.Watch > 0) || !(Levels.Warning > Levels.Watch) || !(Levels.Critical > Levels.Warning) || Levels.Critical > 1)
        {
            throw Invalid("$.levels", "The thresholds must rise: 0 < watch < warning < critical ≤ 1.");
        }

        if (WinBack is null || WinBack.Actions is null)
        {
            throw Invalid("$.winBack.actions", "The win-back actions are null.");
        }

        if (WinBack.CoolDownDays is < 0 or > 3660)
        {
            throw Invalid("$.winBack.coolDownDays", "The cool-down must be 0 to 3660 days.");
        }

        if (WinBack.WonBackWithinDays is < 1 or > 3660)
        {
            throw Invalid("$.winBack.wonBackWithinDays", "The won-back window must be 1 to 3660 days.");
        }

        var levels = new HashSet<ChurnLevel>();
        for (var i = 0; i < WinBack.Actions.Count; i++)
        {
            var action = WinBack.Actions[i];
            var path = $"$.winBack.actions[{i}]";
            if (action is null || action.Level is <= ChurnLevel.None or > ChurnLevel.Critical)
            {
                throw Invalid(path + ".level", "An action needs a level: watch, warning or critical.");
            }

            if (!levels.Add(action.Level))
            {
                throw Invalid(path + ".level", $"Level '{action.Level}' has two actions.");
            }

            if (!Enum.IsDefined(action.Kind))
            {
                throw Invalid(path + ".kind", "The kind must be coupon or message.");
            }

            if (action.Kind == WinBackActionKind.Coupon && string.IsNullOrWhiteSpace(action.CouponTemplateId))
            {
                throw Invalid(path + ".couponTemplateId", "A coupon action needs a coupon template id.");
            }

            if (action.Channels == ContactChannels.None)
            {
                throw Invalid(path + ".channels", "An action needs at least one channel.");
            }
        }
    }

    private static void CheckWeight(double weight, string path)
    {
        if (weight is < 0 or > 1 || double.IsNaN(weight))
        {
            throw Invalid(path, "A weight must be between 0 and 1.");
        }
    }

    private static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid churn policy at {path}: {message}");
}
