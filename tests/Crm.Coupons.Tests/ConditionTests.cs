using Crm.Coupons.Internal;
using NodaTime;

namespace Crm.Coupons.Tests;

/// <summary>Conditions and validity: every reason is reported, never silently ignored.</summary>
public sealed class ConditionTests : CouponsTestBase
{
    [Fact]
    public void Hours_BeforeWindowInStoreZone_SaysValidFrom()
    {
        // 14:30 in Shanghai is 06:30 UTC; the coupon runs 15:00 to 17:00 local.
        var template = Template("afternoon", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions { Hours = new CouponHours { From = new LocalTime(15, 0), To = new LocalTime(17, 0) } });

        var before = EvaluateOne(template, Basket(Line("a", 30m)), Local(2026, 6, 1, 14, 30));
        var inside = EvaluateOne(template, Basket(Line("a", 30m)), Local(2026, 6, 1, 15, 0));
        var end = EvaluateOne(template, Basket(Line("a", 30m)), Local(2026, 6, 1, 17, 0));

        before.Reasons.Should().ContainSingle().Which.Should().Be(new CouponReason(CouponReasonCodes.Hours, "valid from 15:00 to 17:00; it is 14:30"));
        inside.IsApplicable.Should().BeTrue();
        end.Reasons.Single().Code.Should().Be(CouponReasonCodes.Hours);
    }

    [Fact]
    public void Hours_InBasketTimeZone_UsesStoreZone()
    {
        // 15:30 in Shanghai is 16:30 in Tokyo: inside a 16:00-17:00 window only in the Tokyo store.
        var template = Template("afternoon", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions { Hours = new CouponHours { From = new LocalTime(16, 0), To = new LocalTime(17, 0) } });
        var tokyo = new CouponBasket { Lines = [Line("a", 30m)], StoreId = "tk-001", TimeZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"] };

        EvaluateOne(template, tokyo, Local(2026, 6, 1, 15, 30)).IsApplicable.Should().BeTrue();
        EvaluateOne(template, Basket(Line("a", 30m)), Local(2026, 6, 1, 15, 30)).IsApplicable.Should().BeFalse();
    }

    [Fact]
    public void Conditions_SeveralFail_ReportsEveryReason()
    {
        // Wednesday-only, gold, app-only, store sh-009, first purchase, minimum spend 50.00 — on Monday, for a green
        // member who bought before, in store sh-001 in the app, with 30.00.
        var template = Template("many", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions
        {
            Tiers = ["gold"],
            Segments = ["coffee-lovers"],
            Channels = [SalesChannel.InStore],
            Stores = ["sh-009"],
            Weekdays = [IsoDayOfWeek.Wednesday],
            FirstPurchaseOnly = true,
            MinimumSpend = Cny(50m),
        });

        var result = EvaluateOne(template, Basket(Line("a", 30m)), customer: new CustomerContext(Alice, "green", ["tea-lovers"], 3));

        result.Reasons.Select(r => r.Code).Should().Equal(
            CouponReasonCodes.Tier,
            CouponReasonCodes.Segment,
            CouponReasonCodes.Channel,
            CouponReasonCodes.Store,
            CouponReasonCodes.Weekday,
            CouponReasonCodes.FirstPurchase,
            CouponReasonCodes.MinimumSpend);
        result.Reasons[^1].Message.Should().Be("minimum spend 50.00 CNY on eligible items, basket has 30.00 CNY");
        result.Discount.Should().Be(Cny(0m));
    }

    [Fact]
    public void Conditions_AllHold_Applies()
    {
        var template = Template("many", new AmountOffBenefit { Amount = Cny(5m) }, conditions: new CouponConditions
        {
            Tiers = ["gold"],
            Segments = ["coffee-lovers"],
            Channels = [SalesChannel.App],
            Stores = ["sh-001"],
            Weekdays = [IsoDayOfWeek.Monday],
            FirstPurchaseOnly = true,
            MinimumQuantity = 2m,
        });

        var result = EvaluateOne(template, Basket(Line("a", 30m, 2m)), customer: new CustomerContext(Alice, "gold", ["coffee-lovers"], 0));

        result.IsApplicable.Should().BeTrue();
        result.Discount.Should().Be(Cny(5m));
    }

    [Fact]
    public void Validity_BeforeAndAfter_NotYetValidAndExpired()
    {
        var template = Template("off5", new AmountOffBenefit { Amount = Cny(5m) });
        var prepared = PreparedBasket.Prepare(Basket(Line("a", 30m)), Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        var customer = new CustomerContext(Alice, null, [], 0);
        var future = CouponOf(template, Now) with { ValidFrom = Local(2026, 6, 1, 15), ValidTo = Local(2026, 7, 1) };
        var past = CouponOf(template, Now) with { ValidFrom = Local(2026, 5, 1), ValidTo = Local(2026, 6, 1) };

        var notYet = evaluator.EvaluateOne(prepared, customer, new Candidate(future, template, CouponSource.Wallet));
        var expired = evaluator.EvaluateOne(prepared, customer, new Candidate(past, template, CouponSource.Wallet));

        notYet.Reasons.Single().Should().Be(new CouponReason(CouponReasonCodes.NotYetValid, "not yet valid: valid from 2026-06-01 15:00"));
        expired.Reasons.Single().Should().Be(new CouponReason(CouponReasonCodes.Expired, "expired at 2026-06-01 00:00"));
    }

    [Fact]
    public void Status_RedeemedOrReservedElsewhere_SaysSo()
    {
        var template = Template("off5", new AmountOffBenefit { Amount = Cny(5m) });
        var prepared = PreparedBasket.Prepare(Basket(Line("a", 30m)), Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);
        var evaluator = new CouponEvaluator(3, BenefitOrder.AmountOffFirst, MidpointRounding.AwayFromZero);
        var customer = new CustomerContext(Alice, null, [], 0);
        var redeemed = CouponOf(template, Now) with { Status = CouponStatus.Redeemed, RedemptionKey = "p-1" };
        var reserved = CouponOf(template, Now) with { Status = CouponStatus.Reserved, ReservationKey = "p-2", ReservedUntil = Now + Duration.FromMinutes(5) };
        var lapsed = reserved with { ReservedUntil = Now };

        evaluator.EvaluateOne(prepared, customer, new Candidate(redeemed, template, CouponSource.Wallet)).Reasons.Single().Code.Should().Be(CouponReasonCodes.Redeemed);
        evaluator.EvaluateOne(prepared, customer, new Candidate(reserved, template, CouponSource.Wallet)).Reasons.Single().Code.Should().Be(CouponReasonCodes.ReservedElsewhere);
        evaluator.EvaluateOne(prepared, customer, new Candidate(lapsed, template, CouponSource.Wallet)).IsApplicable.Should().BeTrue();
    }

    [Fact]
    public void Basket_DuplicateLineIds_ThrowsBasketInvalid()
    {
        var act = () => PreparedBasket.Prepare(Basket(Line("a", 1m), Line("a", 2m)), Currency.CNY, Shanghai, Now, MidpointRounding.AwayFromZero);

        act.Should().Throw<CrmValidationException>().Where(e => e.ErrorCode == CouponsErrorCodes.BasketInvalid);
    }
}
