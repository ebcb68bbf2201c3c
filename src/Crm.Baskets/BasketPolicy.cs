namespace Crm.Baskets;

/// <summary>
/// What Crm.Baskets mines and recommends, as data: the item level and mapping, items to leave out, product families,
/// the mining thresholds and the recommendation settings. Build it in code or load it from JSON with <see cref="FromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "level": "sku",
///   "itemMap": { "milk-1l-brand-a": "milk 1l", "milk-1l-brand-b": "milk 1l" },
///   "exclusions": [ "bag", "deposit" ],
///   "families": { "milk 1l": "dairy", "yogurt": "dairy" },
///   "mining": { "minSupport": 0.001, "minConfidence": 0.2, "minLift": 1.2, "maxItemsetSize": 3 },
///   "recommendations": { "count": 5, "repeatDueShare": 0.8, "popularSegments": [ "value-high" ] }
/// }
/// </code>
/// </example>
public sealed class BasketPolicy
{
    /// <summary>Gets what a basket's items are.</summary>
    /// <value>The default value is <see cref="BasketItemLevel.Sku"/>.</value>
    public BasketItemLevel Level { get; init; } = BasketItemLevel.Sku;

    /// <summary>Gets the host's mapping of SKUs to items (pack sizes and brands to one product, say); a SKU not in it is its own item. Only at <see cref="BasketItemLevel.Sku"/>.</summary>
    public IReadOnlyDictionary<string, string> ItemMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets items never mined nor recommended (bags, deposits, service charges), after mapping.</summary>
    public IReadOnlyList<string> Exclusions { get; init; } = [];

    /// <summary>Gets the product family of items, for "at most one recommendation per family"; an item not in it is a family of its own.</summary>
    public IReadOnlyDictionary<string, string> Families { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the mining thresholds.</summary>
    public MiningParameters Mining { get; init; } = new();

    /// <summary>Gets the recommendation settings.</summary>
    public RecommendationSettings Recommendations { get; init; } = new();

    /// <summary>Gets the policy with every default: SKU level, no mapping, exclusions or families, default thresholds and settings.</summary>
    public static BasketPolicy Default { get; } = new();

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static BasketPolicy FromJson(string json)
    {
        var policy = CrmJson.Deserialize<BasketPolicy>(json);
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
        if (!Enum.IsDefined(Level))
        {
            throw Invalid("$.level", $"The level {(int)Level} is not defined; use sku or category.");
        }

        if (ItemMap is null)
        {
            throw Invalid("$.itemMap", "The item map cannot be null; leave the property out for none.");
        }

        if (Level != BasketItemLevel.Sku && ItemMap.Count > 0)
        {
            throw Invalid("$.itemMap", "An item map maps SKUs, so it needs the sku level; at category level the items are the categories.");
        }

        foreach (var (sku, item) in ItemMap)
        {
            RequireItem(sku, $"$.itemMap['{sku}']");
            RequireItem(item, $"$.itemMap['{sku}']");
        }

        if (Exclusions is null)
        {
            throw Invalid("$.exclusions", "The exclusions cannot be null; leave the property out for none.");
        }

        for (var i = 0; i < Exclusions.Count; i++)
        {
            RequireItem(Exclusions[i], $"$.exclusions[{i}]");
        }

        if (Families is null)
        {
            throw Invalid("$.families", "The families cannot be null; leave the property out for none.");
        }

        foreach (var (item, family) in Families)
        {
            RequireItem(item, $"$.families['{item}']");
            RequireItem(family, $"$.families['{item}']");
        }

        (Mining ?? throw Invalid("$.mining", "The mining thresholds cannot be null; leave the property out for the defaults.")).Validate("$.mining");
        (Recommendations ?? throw Invalid("$.recommendations", "The recommendation settings cannot be null; leave the property out for the defaults.")).Validate("$.recommendations");
    }

    /// <summary>The item a line is at this policy's level, or <see langword="null"/> when it is excluded.</summary>
    internal string? ItemOf(string sku, string category)
    {
        var item = Level == BasketItemLevel.Category ? category : ItemMap.GetValueOrDefault(sku) ?? sku;
        return IsExcluded(item) ? null : item;
    }

    /// <summary>Whether an item is one of <see cref="Exclusions"/>.</summary>
    internal bool IsExcluded(string item) => (_excluded ??= new HashSet<string>(Exclusions, StringComparer.Ordinal)).Contains(item);

    // Built on first use: the policy is immutable once validated, and a line is checked against it per basket line.
    private HashSet<string>? _excluded;

    /// <summary>The family of an item: its entry in <see cref="Families"/>, or the item itself.</summary>
    internal string FamilyOf(string item) => Families.GetValueOrDefault(item) ?? item;

    internal static void RequireItem(string? item, string path)
    {
        // Items are SKUs, categories and names compared with them, so they follow the one rule for keys.
        if (!HostKey.IsValid(item))
        {
            throw Invalid(path, $"'{item}' is not an item: use 1 to {HostKey.MaxLength} characters without leading or trailing spaces or control characters.");
        }
    }

    internal static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid basket policy at {path}: {message}");
}
