using System.Globalization;

namespace Crm.Coupons;

/// <summary>
/// A kind of coupon as data: its benefit, scope, conditions, validity, stacking and budget, and optionally a shared
/// promo code. Build it in code or load it from JSON with <see cref="FromJson"/> or <see cref="ListFromJson"/>.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "id": "spend100-save20",
///   "benefit": { "kind": "threshold", "minimum": "100.00 CNY", "discount": "20.00 CNY" },
///   "scope": { "excludedCategories": ["gift-card"] },
///   "conditions": { "channels": ["app", "miniProgram"], "hours": { "from": "15:00:00", "to": "17:00:00" } },
///   "validity": { "days": 7 },
///   "stacking": { "group": "order-discount" },
///   "budget": { "maxIssued": 10000, "maxPerCustomer": 1, "perCustomerPeriod": "month" }
/// }
/// </code>
/// </example>
public sealed class CouponTemplate
{
    /// <summary>Gets the template's id, unique in the programme; coupons and tier benefits refer to it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets a name for people (staff, receipts), or <see langword="null"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Gets what the coupon gives.</summary>
    public required CouponBenefit Benefit { get; init; }

    /// <summary>Gets which lines the coupon applies to.</summary>
    /// <value>The default value is the whole basket.</value>
    public CouponScope Scope { get; init; } = new();

    /// <summary>Gets who may use the coupon, where and when.</summary>
    /// <value>The default value has no conditions.</value>
    public CouponConditions Conditions { get; init; } = new();

    /// <summary>Gets when an issued coupon may be used.</summary>
    public required CouponValidity Validity { get; init; }

    /// <summary>Gets how the coupon combines with others.</summary>
    /// <value>The default value stacks freely.</value>
    public CouponStacking Stacking { get; init; } = new();

    /// <summary>Gets the limits on issuing and redeeming.</summary>
    /// <value>The default value has no limits.</value>
    public CouponBudget Budget { get; init; } = new();

    /// <summary>
    /// Gets a value indicating whether the template is an automatic promotion: it applies to every basket that meets its
    /// conditions (tier, segment, channel, store, weekdays, hours, first purchase, spend) without a coupon or a code, while
    /// its validity runs (a fixed window: the promotion's dates; days from issue: always on). An evaluation offers it with
    /// <see cref="CouponSource.Automatic"/> and the template's id as its coupon id; reserving that id for a checkout issues the
    /// customer a coupon for this use, so its use counts against the budget and the per-customer cap like any coupon's.
    /// </summary>
    /// <remarks>An automatic promotion has no promo code: it needs none.</remarks>
    public bool Automatic { get; init; }

    /// <summary>
    /// Gets a shared promo code (one code, many customers), or <see langword="null"/>. A customer who types it gets a
    /// coupon of this template when they reserve it, up to <see cref="CouponBudget.MaxPerCustomer"/> uses.
    /// </summary>
    public string? PromoCode { get; init; }

    /// <summary>Reads a template from JSON and validates it.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The template.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path.</exception>
    public static CouponTemplate FromJson(string json)
    {
        var template = CrmJson.Deserialize<CouponTemplate>(json);
        template.Validate();
        return template;
    }

    /// <summary>Reads a JSON array of templates and validates each, and that their ids and promo codes are unique.</summary>
    /// <param name="json">The JSON array.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="CrmValidationException">The document is malformed or inconsistent (<see cref="CrmErrorCodes.RulesInvalid"/>), with the JSON path (such as <c>$[2].benefit.percent</c>).</exception>
    public static IReadOnlyList<CouponTemplate> ListFromJson(string json)
    {
        var templates = CrmJson.Deserialize<List<CouponTemplate>>(json);
        ValidateAll(templates);
        return templates;
    }

    /// <summary>Writes the template as JSON.</summary>
    /// <returns>Indented JSON that <see cref="FromJson"/> reads back.</returns>
    public string ToJson() => CrmJson.Serialize(this);

    /// <summary>Checks that the template is consistent.</summary>
    /// <exception cref="CrmValidationException">It is not (<see cref="CrmErrorCodes.RulesInvalid"/>); the field is the JSON path of the first problem.</exception>
    public void Validate() => Validate("$");

    /// <summary>Validates templates and checks that their ids and promo codes are unique.</summary>
    internal static void ValidateAll(IReadOnlyList<CouponTemplate> templates)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < templates.Count; i++)
        {
            var path = $"$[{i}]";
            if (templates[i] is null)
            {
                throw Invalid(path, "A template is null.");
            }

            templates[i].Validate(path);
            if (!ids.Add(templates[i].Id))
            {
                throw Invalid(path + ".id", $"The template id '{templates[i].Id}' is used twice.");
            }

            if (templates[i].PromoCode is { } code && !codes.Add(Internal.CouponCodes.Normalize(code)))
            {
                throw Invalid(path + ".promoCode", $"The promo code '{code}' is used twice.");
            }
        }

        // An automatic promotion is reserved by its id, which must not read as another template's promo code.
        for (var i = 0; i < templates.Count; i++)
        {
            if (templates[i].Automatic && codes.Contains(Internal.CouponCodes.Normalize(templates[i].Id)))
            {
                throw Invalid($"$[{i}].id", $"The automatic promotion's id '{templates[i].Id}' is also a promo code.");
            }
        }
    }

    internal void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw Invalid(path + ".id", "A template needs an id.");
        }

        if (Benefit is null)
        {
            throw Invalid(path + ".benefit", "A template needs a benefit.");
        }

        ValidateBenefit(Benefit, path + ".benefit");
        if (Scope is null || Scope.Categories is null || Scope.Skus is null || Scope.ExcludedCategories is null || Scope.ExcludedSkus is null)
        {
            throw Invalid(path + ".scope", "The scope and its lists cannot be null.");
        }

        ValidateConditions(Conditions, path + ".conditions");
        ValidateValidity(Validity, path + ".validity");
        if (Stacking is null)
        {
            throw Invalid(path + ".stacking", "The stacking settings cannot be null.");
        }

        if (Budget is null)
        {
            throw Invalid(path + ".budget", "The budget cannot be null.");
        }

        Positive(Budget.MaxIssued, path + ".budget.maxIssued");
        Positive(Budget.MaxRedeemed, path + ".budget.maxRedeemed");
        Positive(Budget.MaxPerCustomer, path + ".budget.maxPerCustomer");
        if (!Enum.IsDefined(Budget.PerCustomerPeriod))
        {
            throw Invalid(path + ".budget.perCustomerPeriod", "Unknown period.");
        }

        if (PromoCode is not null && !Internal.CouponCodes.IsWellFormedPromoCode(PromoCode))
        {
            throw Invalid(path + ".promoCode", "A promo code has 3 to 32 letters, digits or dashes.");
        }

        if (Automatic && PromoCode is not null)
        {
            throw Invalid(path + ".promoCode", "An automatic promotion applies without a code; leave the promo code out.");
        }
    }

    private static void ValidateBenefit(CouponBenefit benefit, string path)
    {
        if (benefit.MaxDiscount is { } cap)
        {
            PositiveMoney(cap, path + ".maxDiscount");
        }

        switch (benefit)
        {
            case PercentOffBenefit p:
                Percent(p.Percent, path + ".percent");
                ValidateTarget(p.Target, path + ".target");
                break;
            case AmountOffBenefit a:
                PositiveMoney(a.Amount, path + ".amount");
                break;
            case ThresholdBenefit t:
                PositiveMoney(t.Minimum, path + ".minimum");
                PositiveMoney(t.Discount, path + ".discount");
                if (t.Discount.Currency != t.Minimum.Currency || t.Discount > t.Minimum)
                {
                    throw Invalid(path + ".discount", "The discount must be in the minimum's currency and not above it.");
                }

                break;
            case LadderBenefit l:
                if (l.Steps is null || l.Steps.Count == 0)
                {
                    throw Invalid(path + ".steps", "A ladder needs at least one step.");
                }

                for (var i = 0; i < l.Steps.Count; i++)
                {
                    var step = l.Steps[i] ?? throw Invalid($"{path}.steps[{i}]", "A step is null.");
                    PositiveMoney(step.Minimum, $"{path}.steps[{i}].minimum");
                    PositiveMoney(step.Discount, $"{path}.steps[{i}].discount");
                    if (step.Discount.Currency != step.Minimum.Currency || step.Discount > step.Minimum)
                    {
                        throw Invalid($"{path}.steps[{i}].discount", "The discount must be in the minimum's currency and not above it.");
                    }

                    if (i > 0 && (step.Minimum.Currency != l.Steps[i - 1].Minimum.Currency || step.Minimum <= l.Steps[i - 1].Minimum || step.Discount <= l.Steps[i - 1].Discount))
                    {
                        throw Invalid($"{path}.steps[{i}]", "Each step needs a higher minimum and a higher discount than the one before.");
                    }
                }

                break;
            case BuyGetBenefit b:
                if (b.Buy < 1)
                {
                    throw Invalid(path + ".buy", "Buy must be at least 1.");
                }

                if (b.Get < 1)
                {
                    throw Invalid(path + ".get", "Get must be at least 1.");
                }

                if (b.FreeSkus is { } skus && skus.Any(string.IsNullOrWhiteSpace))
                {
                    throw Invalid(path + ".freeSkus", "A free SKU is empty.");
                }

                if (!Enum.IsDefined(b.Reading))
                {
                    throw Invalid(path + ".reading", "Unknown reading: everyNthFree or addFree.");
                }

                if (b.Reading == BuyGetReading.AddFree && b.FreeSkus is not { Count: > 0 })
                {
                    throw Invalid(path + ".freeSkus", "Free units added by the host need the SKU to add.");
                }

                break;
            case NthItemBenefit n:
                if (n.N < 2)
                {
                    throw Invalid(path + ".n", "N must be at least 2.");
                }

                Percent(n.Percent, path + ".percent");
                break;
            case FixedPriceBenefit f:
                if (f.Price.IsDefault || f.Price.IsNegative || !f.Price.IsWholeMinorUnits)
                {
                    throw Invalid(path + ".price", "The price must be zero or more, in whole minor units.");
                }

                if (f.MaxItems < 1)
                {
                    throw Invalid(path + ".maxItems", "MaxItems must be at least 1.");
                }

                ValidateTarget(f.Target, path + ".target");
                if (f.Target is not null && f.MaxItems != 1)
                {
                    throw Invalid(path + ".maxItems", "With a target, the number of items is target.units; leave maxItems out.");
                }

                break;
            case FreeGiftBenefit g:
                if (string.IsNullOrWhiteSpace(g.Sku))
                {
                    throw Invalid(path + ".sku", "A free gift needs a SKU.");
                }

                break;
            case DeliveryFeeOffBenefit d:
                if (d.Amount is { } amount)
                {
                    PositiveMoney(amount, path + ".amount");
                }

                break;
            default:
                throw Invalid(path, $"Unknown benefit type {benefit.GetType().Name}.");
        }
    }

    private static void ValidateTarget(UnitTarget? target, string path)
    {
        if (target is null)
        {
            return;
        }

        if (!Enum.IsDefined(target.Pick))
        {
            throw Invalid(path + ".pick", "Unknown pick: cheapest or mostExpensive.");
        }

        if (target.Units < 1)
        {
            throw Invalid(path + ".units", "Units must be at least 1.");
        }
    }

    private static void ValidateConditions(CouponConditions conditions, string path)
    {
        if (conditions is null || conditions.Tiers is null || conditions.Segments is null || conditions.Channels is null || conditions.Stores is null || conditions.Weekdays is null)
        {
            throw Invalid(path, "The conditions and their lists cannot be null.");
        }

        if (conditions.Hours is { } hours && hours.To <= hours.From)
        {
            throw Invalid(path + ".hours.to", "The end of the hours must be after their start.");
        }

        if (conditions.QualifyingScope is { } qualifying && (qualifying.Categories is null || qualifying.Skus is null || qualifying.ExcludedCategories is null || qualifying.ExcludedSkus is null))
        {
            throw Invalid(path + ".qualifyingScope", "The qualifying scope's lists cannot be null.");
        }

        if (conditions.MinimumSpend is { } spend)
        {
            PositiveMoney(spend, path + ".minimumSpend");
        }

        if (!Enum.IsDefined(conditions.MinimumSpendOn))
        {
            throw Invalid(path + ".minimumSpendOn", "Unknown basis: qualifyingLines or order.");
        }

        if (conditions.MinimumQuantity is <= 0m)
        {
            throw Invalid(path + ".minimumQuantity", "The minimum quantity must be above zero.");
        }
    }

    private static void ValidateValidity(CouponValidity validity, string path)
    {
        if (validity is null)
        {
            throw Invalid(path, "A template needs a validity.");
        }

        var window = validity.From is not null || validity.To is not null;
        if (window == validity.Days is not null)
        {
            throw Invalid(path, "Set either a fixed window (from and to) or days from issue.");
        }

        if (window && (validity.From is not { } from || validity.To is not { } to || to <= from))
        {
            throw Invalid(path + ".to", "A fixed window needs a start and an end after it.");
        }

        if (validity.Days is < 1 or > 3660)
        {
            throw Invalid(path + ".days", "Days must be between 1 and 3660.");
        }
    }

    private static void Percent(decimal value, string path)
    {
        if (value is <= 0m or > 100m)
        {
            throw Invalid(path, $"The percentage is {value.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 100.");
        }
    }

    private static void PositiveMoney(Money value, string path)
    {
        if (value.IsDefault || !value.IsPositive || !value.IsWholeMinorUnits)
        {
            throw Invalid(path, "The amount must be above zero, in whole minor units.");
        }
    }

    private static void Positive(int? value, string path)
    {
        if (value is < 1)
        {
            throw Invalid(path, "The limit must be at least 1.");
        }
    }

    private static CrmValidationException Invalid(string path, string message) => new(CrmErrorCodes.RulesInvalid, path, $"Invalid coupon template at {path}: {message}");
}
