using Crm.Coupons.Internal;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.Coupons.Tests;

/// <summary>Coupons on in-memory storage, Asia/Shanghai, CNY; and the pure evaluator on its own.</summary>
public abstract class CouponsTestBase
{
    protected static readonly DateTimeZone Shanghai = TestCrm.Shanghai;

    /// <summary>Monday 1 June 2026, 10:00 in Shanghai.</summary>
    protected static readonly Instant Now = Local(2026, 6, 1, 10);

    protected static readonly CustomerId Alice = new("alice");

    protected static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    protected static Money Cny(decimal amount) => new(amount, Currency.CNY);

    protected static PurchaseLine Line(string lineId, decimal unitPrice, decimal quantity = 1m, string category = "coffee", string? sku = null) =>
        Facts.Line(lineId, unitPrice, quantity, category, sku);

    protected static CouponBasket Basket(params PurchaseLine[] lines) => new() { Lines = lines, StoreId = "sh-001", Channel = SalesChannel.App };

    protected static CouponTemplate Template(string id, CouponBenefit benefit, CouponScope? scope = null, CouponConditions? conditions = null, CouponStacking? stacking = null, CouponBudget? budget = null, string? promoCode = null, CouponValidity? validity = null) => new()
    {
        Id = id,
        Benefit = benefit,
        Scope = scope ?? new CouponScope(),
        Conditions = conditions ?? new CouponConditions(),
        Validity = validity ?? new CouponValidity { Days = 30 },
        Stacking = stacking ?? new CouponStacking(),
        Budget = budget ?? new CouponBudget(),
        PromoCode = promoCode,
    };

    protected static TestCrm CreateCrm(Instant now, Action<CouponsOptions> configure, Action<ICrmBuilder>? more = null, Action<CrmOptions>? options = null) =>
        TestCrm.Create(
            now,
            b =>
            {
                b.AddCoupons(configure);
                more?.Invoke(b);
            },
            options);

    /// <summary>Evaluates one template alone with the pure evaluator (a coupon issued now, valid 30 days).</summary>
    internal static CouponEvaluation EvaluateOne(CouponTemplate template, CouponBasket basket, Instant? at = null, CustomerContext? customer = null)
    {
        template.Validate();
        var now = at ?? Now;
        var prepared = PreparedBasket.Prepare(basket, Currency.CNY, Shanghai, now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        return evaluator.EvaluateOne(prepared, customer ?? new CustomerContext(Alice, null, [], 0), new Candidate(CouponOf(template, Now), template, false));
    }

    protected static Coupon CouponOf(CouponTemplate template, Instant issuedAt, string? id = null) => new()
    {
        Id = id ?? template.Id.ToUpperInvariant(),
        TemplateId = template.Id,
        CustomerId = Alice,
        Reason = CouponIssueReason.Campaign,
        IssueKey = "k-" + (id ?? template.Id),
        IssuedAt = issuedAt,
        ValidFrom = issuedAt,
        ValidTo = issuedAt + Duration.FromDays(30),
        Version = 1,
    };

    protected static IReadOnlyDictionary<string, decimal> Allocation(CouponEvaluation evaluation) =>
        evaluation.Lines.ToDictionary(l => l.LineId, l => l.Discount.Amount);
}
