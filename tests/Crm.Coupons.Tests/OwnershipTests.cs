using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Coupons.Tests;

/// <summary>
/// Issue 20, defect 4: a coupon is reserved, confirmed or released only for the customer who holds it. Every operation that
/// writes a coupon names the customer; another customer's coupon is refused with <see cref="RedemptionStatus.OtherCustomer"/>
/// (reason <c>coupon.other_customer</c>) and nothing is written.
/// </summary>
public sealed class OwnershipTests : CouponsTestBase
{
    private static readonly CouponTemplate Off5 = Template("off5", new AmountOffBenefit { Amount = Cny(5m) });
    private static readonly CustomerId Bob = new("bob");

    public static TheoryData<string> Operations => ["reserve", "confirm-active", "confirm-reserved", "release-reserved"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task OtherCustomersCoupon_EveryOperation_RefusedAndNothingWritten(string operation)
    {
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;
        if (operation.EndsWith("-reserved", StringComparison.Ordinal))
        {
            (await coupons.ReserveAsync(Alice, id, "alice-order")).Status.Should().Be(RedemptionStatus.Succeeded);
        }

        var before = await coupons.FindAsync(id);

        // Bob names Alice's coupon, with Alice's own checkout key where the operation needs one.
        var refused = await Run(coupons, operation, Bob, id);

        refused.Status.Should().Be(RedemptionStatus.OtherCustomer);
        refused.Succeeded.Should().BeFalse();
        refused.Reasons.Should().ContainSingle().Which.Code.Should().Be(CouponReasonCodes.OtherCustomer);
        refused.Coupon.Should().BeNull("Alice's coupon (its reservation key, its validity) is not Bob's to see");
        (await coupons.FindAsync(id)).Should().Be(before);
        (await crm.Get<ICouponStore>().GetUsageAsync("off5")).Should().Be(new CouponUsage("off5", 1, 0));

        // The holder still can.
        (await Run(coupons, operation, Alice, id)).Status.Should().Be(RedemptionStatus.Succeeded);
    }

    [Fact]
    public async Task Confirm_OtherCustomersCoupon_ThenTheHolderUsesIt()
    {
        // The reported case: Bob's till confirms Alice's code for Bob's order; Alice's coupon must stay hers.
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();
        var id = (await coupons.IssueAsync(new CouponIssueRequest(Alice, "off5", CouponIssueReason.Campaign, "k"))).CouponId!;

        var stolen = await coupons.ConfirmAsync(Bob, id, "bob-order");
        await coupons.ReserveAsync(Alice, id, "alice-order");
        var recorded = await crm.Manager.RecordPurchaseAsync(Purchase("alice-order", "alice", Now, 25m, Line("1", 30m)));

        stolen.Status.Should().Be(RedemptionStatus.OtherCustomer);
        recorded.GetOutcome<PurchaseCouponsOutcome>()!.Results.Should().ContainSingle().Which.Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.FindAsync(id))!.RedemptionKey.Should().Be("alice-order");
    }

    [Fact]
    public async Task PromoCode_UsesAreEachCustomersOwnCoupon()
    {
        // A shared promo code is one code for many customers, but each use is a coupon issued to the customer who reserves
        // it: Bob cannot confirm the coupon Alice's use of the code gave her.
        var promo = Template("summer", new AmountOffBenefit { Amount = Cny(3m) }, budget: new CouponBudget { MaxPerCustomer = 1 }, promoCode: "SUMMER26");
        using var crm = CreateCrm(Now, o => o.Templates.Add(promo));
        var coupons = crm.Get<CouponManager>();

        var alices = await coupons.ReserveAsync(Alice, "SUMMER26", "alice-order");
        var bobs = await coupons.ReserveAsync(Bob, "SUMMER26", "bob-order");
        var crossed = await coupons.ConfirmAsync(Bob, alices.Coupon!.Id, "bob-order");

        alices.Status.Should().Be(RedemptionStatus.Succeeded);
        bobs.Status.Should().Be(RedemptionStatus.Succeeded);
        bobs.Coupon!.Id.Should().NotBe(alices.Coupon.Id);
        crossed.Status.Should().Be(RedemptionStatus.OtherCustomer);
        (await coupons.ConfirmAsync(Bob, bobs.Coupon.Id, "bob-order")).Status.Should().Be(RedemptionStatus.Succeeded);
        (await coupons.FindAsync(alices.Coupon.Id))!.Status.Should().Be(CouponStatus.Reserved);
    }

    /// <summary>
    /// Random sequences of reserves, confirms and releases by Alice and Bob on each other's coupons, with shared keys: an
    /// operation by someone who does not hold the coupon is always refused and never changes it; the holder is never
    /// refused as another customer.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Operations_ByAnyoneButTheHolder_NeverChangeTheCoupon() => Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
    {
        var random = new Random(seed);
        using var crm = CreateCrm(Now, o => o.Templates.Add(Off5));
        var coupons = crm.Get<CouponManager>();
        CustomerId[] customers = [Alice, Bob];
        var ids = customers.Select(c => coupons.IssueAsync(new CouponIssueRequest(c, "off5", CouponIssueReason.Campaign, "k-" + c.Value)).GetAwaiter().GetResult().CouponId!).ToArray();
        string[] operations = ["reserve", "confirm", "release"];
        for (var step = 0; step < 12; step++)
        {
            var holder = random.Next(2);
            var actor = customers[random.Next(2)];
            var key = "order-" + random.Next(3);
            var before = coupons.FindAsync(ids[holder]).GetAwaiter().GetResult();
            var result = RunWithKey(coupons, operations[random.Next(3)], actor, ids[holder], key).GetAwaiter().GetResult();
            var after = coupons.FindAsync(ids[holder]).GetAwaiter().GetResult();
            var ok = actor == customers[holder]
                ? result.Status != RedemptionStatus.OtherCustomer
                : result.Status == RedemptionStatus.OtherCustomer && after == before;
            if (!ok)
            {
                return false.Label($"step {step}: {actor} on {customers[holder]}'s coupon gave {result.Status}; {before} -> {after}");
            }
        }

        return true.ToProperty();
    });

    private static Task<RedemptionResult> Run(CouponManager coupons, string operation, CustomerId actor, string id) => operation switch
    {
        "reserve" => coupons.ReserveAsync(actor, id, "alice-order"),
        "confirm-active" or "confirm-reserved" => coupons.ConfirmAsync(actor, id, "alice-order"),
        "release-reserved" => coupons.ReleaseAsync(actor, id, "alice-order"),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static Task<RedemptionResult> RunWithKey(CouponManager coupons, string operation, CustomerId actor, string id, string key) => operation switch
    {
        "reserve" => coupons.ReserveAsync(actor, id, key),
        "confirm" => coupons.ConfirmAsync(actor, id, key),
        _ => coupons.ReleaseAsync(actor, id, key),
    };
}
