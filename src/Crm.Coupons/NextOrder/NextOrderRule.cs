namespace Crm.Coupons;

/// <summary>
/// A rule that gives a coupon for a later order to a purchase that meets it ("spend 50, get 5 off your next coffee",
/// "buy the new latte, get a bakery coupon", "first purchase in a store"). Every condition that is set must hold. The
/// coupons handler issues the coupon in the purchase's unit of work, once per rule and purchase; a refund that leaves the
/// purchase short of the rule takes the coupon back while it is unused.
/// </summary>
/// <example>
/// <code language="json">
/// { "id": "spend-50-next-5", "templateId": "next-coffee-5", "minimumSpend": "50.00 CNY", "channels": ["app"] }
/// </code>
/// </example>
public sealed class NextOrderRule
{
    /// <summary>Gets the rule's id, unique among the rules; it is part of the issued coupon's key.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the template of the coupon the purchase earns (not an automatic promotion).</summary>
    public required string TemplateId { get; init; }

    /// <summary>Gets the least the purchase must have paid (inclusive; net of refunds, for the refund check), or <see langword="null"/> for any amount.</summary>
    public Money? MinimumSpend { get; init; }

    /// <summary>Gets the items the purchase must include (at least one line in this scope, not fully refunded), or <see langword="null"/> for any.</summary>
    public CouponScope? Buying { get; init; }

    /// <summary>Gets a value indicating whether only the customer's first purchase in the purchase's store earns the coupon.</summary>
    /// <remarks>Checked against the customer's journal; a purchase earlier in that store, recorded before, rules it out.</remarks>
    public bool FirstPurchaseInStore { get; init; }

    /// <summary>Gets the store ids whose purchases earn the coupon; empty for every store.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Gets the sales channels whose purchases earn the coupon; empty for every channel.</summary>
    public IReadOnlyList<SalesChannel> Channels { get; init; } = [];

    /// <summary>Reads a rule from JSON and validates it on its own (that its template exists is checked with the options).</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static NextOrderRule FromJson(string json)
    {
        var rule = CrmJson.Deserialize<NextOrderRule>(json);
        rule.Validate("$");
        return rule;
    }

    /// <summary>Reads a JSON array of rules and validates each on its own (that their templates exist is checked with the options).</summary>
    /// <param name="json">The JSON array.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or a rule is inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path (such as <c>$[1].minimumSpend</c>).</exception>
    public static IReadOnlyList<NextOrderRule> ListFromJson(string json)
    {
        var rules = CrmJson.Deserialize<List<NextOrderRule>>(json);
        ValidateAll(rules, null);
        return rules;
    }

    /// <summary>Validates rules: each consistent, ids unique, and (when <paramref name="templates"/> is given) each naming a template that is not automatic.</summary>
    internal static void ValidateAll(IReadOnlyList<NextOrderRule> rules, IReadOnlyCollection<CouponTemplate>? templates)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$[{i}]";
            var rule = rules[i] ?? throw Invalid(path, "A rule is null.");
            rule.Validate(path);
            if (!ids.Add(rule.Id))
            {
                throw Invalid(path + ".id", $"The rule id '{rule.Id}' is used twice.");
            }

            if (templates is not null)
            {
                var template = templates.FirstOrDefault(t => t is not null && string.Equals(t.Id, rule.TemplateId, StringComparison.Ordinal));
                if (template is null)
                {
                    throw Invalid(path + ".templateId", $"No coupon template has the id '{rule.TemplateId}'.");
                }

                if (template.Automatic)
                {
                    throw Invalid(path + ".templateId", $"The template '{rule.TemplateId}' is an automatic promotion; a next-order coupon needs one that is issued.");
                }
            }
        }
    }

    private void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw Invalid(path + ".id", "A rule needs an id.");
        }

        if (string.IsNullOrWhiteSpace(TemplateId))
        {
            throw Invalid(path + ".templateId", "A rule needs the template of the coupon it gives.");
        }

        if (MinimumSpend is { } spend && (spend.IsDefault || !spend.IsPositive))
        {
            throw Invalid(path + ".minimumSpend", "The minimum spend must be above zero.");
        }

        if (Buying is { } buying && (buying.Categories is null || buying.Skus is null || buying.ExcludedCategories is null || buying.ExcludedSkus is null))
        {
            throw Invalid(path + ".buying", "The scope's lists cannot be null.");
        }

        if (Buying is { RecommendedOnly: true })
        {
            throw Invalid(path + ".buying.recommendedOnly", "What a purchase bought is not judged by recommendations; name SKUs or categories.");
        }

        if (Stores is null || Channels is null || Stores.Any(string.IsNullOrWhiteSpace))
        {
            throw Invalid(path + ".stores", "The stores and channels cannot be null, nor a store id blank.");
        }

        if (Channels.Any(c => !Enum.IsDefined(c)))
        {
            throw Invalid(path + ".channels", "Unknown sales channel.");
        }
    }

    private static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, message);
}
