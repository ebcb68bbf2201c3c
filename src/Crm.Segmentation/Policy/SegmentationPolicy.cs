namespace Crm.Segmentation;

/// <summary>
/// What segments a run assigns, as data: RFM scoring and its named R×F map, value and frequency tiers, preference and
/// lifecycle segments, and rule segments. Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "rfm": { "windowMonths": 12, "bins": 5 },
///   "valueTiers": { "bands": [ { "name": "value-high", "topShare": 0.2 }, { "name": "value-mid", "topShare": 0.5 } ], "otherwise": "value-low" },
///   "rules": [ { "name": "tea-vips", "when": { "kind": "and", "rules": [
///     { "kind": "categoryShare", "category": "tea", "atLeast": 0.5 },
///     { "kind": "segment", "segment": "value-high" } ] } } ]
/// }
/// </code>
/// </example>
/// <remarks>A part left out (<see langword="null"/>) assigns nothing; <see cref="Default"/> switches on every part that metrics alone support.</remarks>
public sealed class SegmentationPolicy
{
    /// <summary>Gets the RFM settings; <see langword="null"/> for no RFM scores (and no R×F segments).</summary>
    public RfmSettings? Rfm { get; init; }

    /// <summary>Gets the value tiers (by monetary value in the RFM window); <see langword="null"/> for none.</summary>
    public TierBands? ValueTiers { get; init; }

    /// <summary>Gets the frequency tiers (by purchases in the RFM window); <see langword="null"/> for none.</summary>
    public TierBands? FrequencyTiers { get; init; }

    /// <summary>Gets the preference settings (favourite category, daypart, channel); <see langword="null"/> for none.</summary>
    public PreferenceSettings? Preferences { get; init; }

    /// <summary>Gets the lifecycle thresholds; <see langword="null"/> for no lifecycle stage.</summary>
    public LifecycleSettings? Lifecycle { get; init; }

    /// <summary>Gets the rule segments, evaluated in order after every other part (a rule may test a segment an earlier rule assigned).</summary>
    public IReadOnlyList<RuleSegment> Rules { get; init; } = [];

    /// <summary>Gets a policy with RFM over 12 months in 5 quantile bins and the default R×F map, value tiers (top 20% high, next 30% mid, rest low),
    /// frequency tiers (same shares), favourite category at 50% of spend, and lifecycle stages with their default thresholds.</summary>
    public static SegmentationPolicy Default { get; } = new()
    {
        Rfm = new RfmSettings(),
        ValueTiers = TierBands.TopShares("value"),
        FrequencyTiers = TierBands.TopShares("frequency"),
        Preferences = new PreferenceSettings(),
        Lifecycle = new LifecycleSettings(),
    };

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static SegmentationPolicy FromJson(string json)
    {
        var policy = CrmJson.Deserialize<SegmentationPolicy>(json);
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
        Rfm?.Validate("$.rfm");
        ValueTiers?.Validate("$.valueTiers");
        FrequencyTiers?.Validate("$.frequencyTiers");
        Preferences?.Validate("$.preferences");
        Lifecycle?.Validate("$.lifecycle");
        if (Rules is null)
        {
            throw Invalid("$.rules", "Rules cannot be null; leave the property out for no rules.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var path = $"$.rules[{i}]";
            var rule = Rules[i] ?? throw Invalid(path, $"Rule {i} is null.");
            ValidateName(rule.Name, path + ".name");
            if (!names.Add(rule.Name))
            {
                throw Invalid(path + ".name", $"Rule segment name '{rule.Name}' is used twice.");
            }

            if (rule.When is null)
            {
                throw Invalid(path + ".when", $"Rule '{rule.Name}' has no condition.");
            }

            rule.When.Validate(path + ".when");
        }
    }

    internal static void ValidateName(string? name, string path)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl) || name.Trim() != name)
        {
            throw Invalid(path, $"'{name}' is not a segment name: use 1 to 100 characters without leading or trailing spaces or control characters.");
        }
    }

    internal static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid segmentation policy at {path}: {message}");
}
