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

        ValidateSegmentReferences();
    }

    /// <summary>
    /// Whether the policy can assign a segment: a part's (an R×F segment, a band, a preference, a lifecycle stage) or a rule's.
    /// A favourite category segment counts for any name with the category prefix, categories being data.
    /// </summary>
    /// <param name="name">The segment name.</param>
    internal bool CanAssign(string name) => AssignedByParts(name) || Rules?.Any(r => string.Equals(r?.Name, name, StringComparison.Ordinal)) == true;

    /// <summary>Describes the segments the policy can assign, for an error message (the policy may not be validated yet: nulls are skipped).</summary>
    internal string DescribeAssignable()
    {
        var names = new List<string?>();
        names.AddRange(Rfm?.Map?.Select(m => m?.Name) ?? []);
        foreach (var bands in new[] { ValueTiers, FrequencyTiers })
        {
            names.AddRange(bands?.Bands?.Select(b => b?.Name).Append(bands.Otherwise) ?? []);
        }

        if (Preferences is { } preferences)
        {
            if (preferences.CategoryMinimumShare is not null)
            {
                names.Add(preferences.CategoryPrefix + "<category>");
            }

            names.AddRange(preferences.Dayparts?.Select(d => d?.Name) ?? []);
            names.AddRange(preferences.ChannelMinimumShare is null ? [] : ChannelSegments);
        }

        names.AddRange(Lifecycle is null ? [] : LifecycleStages);
        names.AddRange(Rules?.Select(r => r?.Name) ?? []);
        var known = names.OfType<string>().ToList();
        return known.Count == 0 ? "none" : string.Join(", ", known);
    }

    private static readonly string[] LifecycleStages = ["lifecycle-prospect", "lifecycle-new", "lifecycle-won-back", "lifecycle-active", "lifecycle-at-risk", "lifecycle-lapsed"];

    private static readonly string[] ChannelSegments = [.. Enum.GetValues<SalesChannel>().Select(c => "channel-" + Internal.CrmJsonNames.Camel(c.ToString()))];

    private bool AssignedByParts(string name) =>
        Rfm?.Map?.Any(m => string.Equals(m?.Name, name, StringComparison.Ordinal)) == true
        || InBands(ValueTiers, name)
        || InBands(FrequencyTiers, name)
        || (Preferences is { } p && (
            (p.CategoryMinimumShare is not null && p.CategoryPrefix is not null && name.Length > p.CategoryPrefix.Length && name.StartsWith(p.CategoryPrefix, StringComparison.Ordinal))
            || p.Dayparts?.Any(d => string.Equals(d?.Name, name, StringComparison.Ordinal)) == true
            || (p.ChannelMinimumShare is not null && ChannelSegments.Contains(name, StringComparer.Ordinal))))
        || (Lifecycle is not null && LifecycleStages.Contains(name, StringComparer.Ordinal));

    private static bool InBands(TierBands? bands, string name) =>
        bands is not null && (string.Equals(bands.Otherwise, name, StringComparison.Ordinal) || bands.Bands?.Any(b => string.Equals(b?.Name, name, StringComparison.Ordinal)) == true);

    /// <summary>
    /// Refuses a rule that tests a segment the policy never assigns, or one that only a rule evaluated after it assigns
    /// (itself, a later rule, or each other in a cycle): rules run in order, so such a test never sees the segment and the
    /// rule silently never matches (or, negated, always does).
    /// </summary>
    private void ValidateSegmentReferences()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            index[Rules[i].Name] = i;
        }

        // The rules each rule needs assigned before it (its references no other part satisfies).
        var needs = new List<(int Rule, string Path)>[Rules.Count];
        for (var i = 0; i < Rules.Count; i++)
        {
            needs[i] = [];
            foreach (var (predicate, path) in Rules[i].When.Walk($"$.rules[{i}].when"))
            {
                if (predicate is not InSegmentPredicate { Segment: var segment } || AssignedByParts(segment))
                {
                    continue;
                }

                if (!index.TryGetValue(segment, out var target))
                {
                    throw Invalid(path + ".segment", $"Rule '{Rules[i].Name}' tests segment '{segment}', which this policy never assigns, so the test never holds. The policy assigns: {DescribeAssignable()}.");
                }

                needs[i].Add((target, path + ".segment"));
            }
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            foreach (var (target, path) in needs[i].Where(n => n.Rule >= i))
            {
                if (Cycle(needs, target, i) is { } cycle)
                {
                    var names = string.Join(" -> ", cycle.Prepend(i).Select(r => $"'{Rules[r].Name}'"));
                    throw Invalid(path, target == i
                        ? $"Rule '{Rules[i].Name}' tests its own segment; it can never be assigned before the rule runs."
                        : $"Rules refer to each other in a cycle ({names}); rules run in order, so the first of them never sees the others' segments.");
                }

                throw Invalid(path, $"Rule '{Rules[i].Name}' tests segment '{Rules[target].Name}', which rule {target} assigns after it; rules run in order, so the test never sees it. Move '{Rules[target].Name}' before '{Rules[i].Name}'.");
            }
        }
    }

    /// <summary>The rules from <paramref name="from"/> to <paramref name="to"/> along references, ending at <paramref name="to"/>; <see langword="null"/> when there is no path.</summary>
    private static List<int>? Cycle(List<(int Rule, string Path)>[] needs, int from, int to)
    {
        var parent = new Dictionary<int, int> { [from] = -1 };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<int>();
                for (var r = at; r != -1; r = parent[r])
                {
                    path.Add(r);
                }

                path.Reverse();
                return path;
            }

            foreach (var (next, _) in needs[at])
            {
                if (parent.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
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
