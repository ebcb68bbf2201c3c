using System.Reflection;
using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.TestUtils;
using Microsoft.Extensions.DependencyInjection;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Issues;

/// <summary>Issue 20: nothing wrong is ever accepted; bounds, keys and argument checks the same in every package.</summary>
public sealed partial class IssuesTests
{
    /// <summary>The managers a host calls; every public method of theirs that takes a customer is checked.</summary>
    private static readonly Type[] Managers =
        [typeof(CrmManager), typeof(PointsManager), typeof(MembershipManager), typeof(CouponManager), typeof(ChurnManager), typeof(SegmentationManager)];

    /// <summary>Every public entry point of every package refuses <c>default(CustomerId)</c> with <see cref="CrmErrorCodes.CustomerIdInvalid"/> before asking a store.</summary>
    [Fact]
    public async Task EveryPublicEntryPoint_DefaultCustomerId_RefusedWithTheSameCode_20()
    {
        using var shop = await Shop.CreateAsync(story: false);
        using var segments = TestCrm.Create(configure: b => b.AddSegmentation(o => o.Policy = new SegmentationPolicy()));
        var checkedMethods = 0;
        foreach (var type in Managers)
        {
            var manager = shop.Crm.Provider.GetService(type) ?? segments.Provider.GetRequiredService(type);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(CustomerId))))
            {
                // Every other argument is its type's default: the customer is checked first.
                var arguments = method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
                var error = await CaughtAsync(() => method.Invoke(manager, arguments));
                error.Should().BeOfType<CrmValidationException>($"{type.Name}.{method.Name} got default(CustomerId)")
                    .Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerIdInvalid, $"{type.Name}.{method.Name} got default(CustomerId)");
                checkedMethods++;
            }
        }

        checkedMethods.Should().BeGreaterThan(20);
        shop.Units.Writes.Should().Be(0);
    }

    /// <summary>A manual change of points is bounded (long.MaxValue is refused, not wrapped) and a credit may not take the balance past its bound.</summary>
    [Fact]
    public async Task Points_HugeAdjustments_RefusedWithCodes_BalanceNeverWraps_20()
    {
        using var shop = await Shop.CreateAsync(story: false);
        var points = shop.Crm.Get<PointsManager>();
        var customer = Shop.Customer;

        var huge = () => points.AdjustAsync(customer, new PointAmount(long.MaxValue), "adj-1", "migration", "op-1");
        (await huge.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(PointsErrorCodes.AmountTooLarge);
        var hugeDebit = () => points.AdjustAsync(customer, new PointAmount(long.MinValue), "adj-2", "migration", "op-1");
        (await hugeDebit.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(PointsErrorCodes.AmountTooLarge);
        var hugeRedeem = () => points.RedeemAsync(customer, new PointAmount(100_000_001), "r-1", "a car");
        (await hugeRedeem.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(PointsErrorCodes.AmountTooLarge);

        // Ten thousand credits of the largest change reach the bound of the balance (10^12); the next one is refused.
        for (var i = 0; i < 10_000; i++)
        {
            (await points.AdjustAsync(customer, new PointAmount(100_000_000), $"fill-{i}", "migration", "op-1")).Status.Should().Be(PointsChangeStatus.Applied);
        }

        var past = () => points.AdjustAsync(customer, new PointAmount(1), "one-more", "migration", "op-1");
        (await past.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(PointsErrorCodes.BalanceTooLarge);
        (await points.GetBalanceAsync(customer)).Available.Should().Be(new PointAmount(1_000_000_000_000));
    }

    /// <summary>A refund's quantity has the purchase's precision: 1E-10 of an item is refused, not recorded as a refund of 0.00.</summary>
    [Fact]
    public async Task Refund_QuantityFinerThanAllowed_Refused_20()
    {
        using var shop = await Shop.CreateAsync(story: false);
        await shop.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Local(2026, 3, 1, 9), Line("1", 30m)));

        var act = () => shop.Manager.RecordRefundAsync(RefundLines("r-1", "p-1", Local(2026, 3, 1, 10), ("1", 0.0000000001m)));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.RefundQuantityInvalid);
        (await shop.Manager.GetMetricsAsync(Shop.Customer)).RefundCount.Should().Be(0);
    }

    private static async Task<Exception?> CaughtAsync(Func<object?> call)
    {
        try
        {
            switch (call())
            {
                case Task task:
                    await task;
                    break;
                case ValueTask task:
                    await task;
                    break;
            }

            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
