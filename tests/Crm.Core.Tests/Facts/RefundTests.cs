using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Facts;

public sealed class RefundTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 20, 8, 0);

    [Fact]
    public async Task RefundLines_PartialQuantity_GivesBackProportionalShareOfPaid()
    {
        using var crm = TestCrm.Create();
        // Lines 3 x 18.00 latte and 1 x 12.00 croissant = 66.00; a 6.60 order coupon makes it 59.40 paid.
        // Shares by net: latte 54.00/66.00 x 59.40 = 48.60, croissant 10.80.
        var purchase = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, 59.40m, Line("1", 18m, 3m, "coffee"), Line("2", 12m, 1m, "bakery")));
        purchase.Entry.Lines.Select(l => l.Amount).Should().Equal(Cny(48.60m), Cny(10.80m));

        var refund = await crm.Manager.RecordRefundAsync(RefundLines("r-1", "p-1", At + Duration.FromHours(1), ("1", 1m)));

        refund.RefundedAmount.Should().Be(Cny(16.20m));
        refund.Metrics.NetSpend.Should().Be(Cny(43.20m));
        refund.Metrics.SpendIn("coffee").Should().Be(Cny(32.40m));
        refund.Metrics.RefundCount.Should().Be(1);
        refund.Metrics.PurchaseCount.Should().Be(1);
    }

    [Fact]
    public async Task RefundLines_ThirdsOfALine_SumExactlyToItsShare()
    {
        using var crm = TestCrm.Create();
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 10m, 3m)));

        var r1 = await crm.Manager.RecordRefundAsync(RefundLines("r-1", "p-1", At, ("1", 1m)));
        var r2 = await crm.Manager.RecordRefundAsync(RefundLines("r-2", "p-1", At, ("1", 1m)));
        var r3 = await crm.Manager.RecordRefundAsync(RefundLines("r-3", "p-1", At, ("1", 1m)));

        new[] { r1, r2, r3 }.Select(r => r.RefundedAmount).Should().Equal(Cny(10m), Cny(10m), Cny(10m));
        r3.Metrics.NetSpend.Should().Be(Cny(0m));
    }

    [Fact]
    public async Task RefundLines_RoundingLeftover_GoesToTheLastReturn()
    {
        using var crm = TestCrm.Create();
        // 3 items at 3.34 with 10.00 paid: a third of 10.00 is 3.333 -> 3.33; half of the 6.67 left is 3.335 -> 3.34; the last gets the 3.33 left.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, 10m, Line("1", 3.34m, 3m)));

        var r1 = await crm.Manager.RecordRefundAsync(RefundLines("r-1", "p-1", At, ("1", 1m)));
        var r2 = await crm.Manager.RecordRefundAsync(RefundLines("r-2", "p-1", At, ("1", 1m)));
        var r3 = await crm.Manager.RecordRefundAsync(RefundLines("r-3", "p-1", At, ("1", 1m)));

        new[] { r1, r2, r3 }.Select(r => r.RefundedAmount).Should().Equal(Cny(3.33m), Cny(3.34m), Cny(3.33m));
        r3.Metrics.NetSpend.Should().Be(Cny(0m));
    }

    [Fact]
    public async Task RefundAmount_SpreadsOverLinesByWhatIsLeft()
    {
        using var crm = TestCrm.Create();
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 30m, category: "coffee"), Line("2", 10m, category: "bakery")));

        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", At, 10m));

        refund.Entry.Lines.Select(l => (l.LineId, l.Amount, l.Quantity)).Should().Equal(("1", Cny(7.50m), 0m), ("2", Cny(2.50m), 0m));
        refund.Metrics.SpendIn("coffee").Should().Be(Cny(22.50m));
        refund.Metrics.SpendIn("bakery").Should().Be(Cny(7.50m));
    }

    [Fact]
    public async Task Refund_CountsAgainstThePurchaseMonth()
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 7, 1, 0, 0));
        // 2026-05-31 23:30 in Shanghai is May; the refund on 1 June must lower May's spend.
        var lateMay = Instant.FromUtc(2026, 5, 31, 15, 30);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", lateMay, Line("1", 40m)));

        var refund = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", lateMay + Duration.FromDays(1), 15m));

        refund.Metrics.Months.Should().ContainSingle().Which.Should().Be(new MonthlyActivity(new YearMonth(2026, 5), 1, Cny(25m)));
    }

    public static TheoryData<string, string, Refund> BadRefunds => new()
    {
        { CrmErrorCodes.RefundIdMissing, "Id", RefundAmount("", "p-1", At, 1m) },
        { CrmErrorCodes.RefundPurchaseMissing, "PurchaseId", RefundAmount("r-9", "", At, 1m) },
        { CrmErrorCodes.RefundPurchaseNotFound, "PurchaseId", RefundAmount("r-9", "nope", At, 1m) },
        { CrmErrorCodes.RefundLinesOrAmount, "Lines", new Refund { Id = "r-9", PurchaseId = "p-1", OccurredAt = At } },
        { CrmErrorCodes.RefundLinesOrAmount, "Amount", new Refund { Id = "r-9", PurchaseId = "p-1", OccurredAt = At, Amount = Cny(1m), Lines = [new RefundLine { LineId = "1", Quantity = 1 }] } },
        { CrmErrorCodes.RefundLinesOrAmount, "Lines", RefundLines("r-9", "p-1", At) },
        { CrmErrorCodes.RefundLineUnknown, "Lines[0].LineId", RefundLines("r-9", "p-1", At, ("7", 1m)) },
        { CrmErrorCodes.RefundLineUnknown, "Lines[1].LineId", RefundLines("r-9", "p-1", At, ("1", 1m), ("1", 1m)) },
        { CrmErrorCodes.RefundQuantityNotPositive, "Lines[0].Quantity", RefundLines("r-9", "p-1", At, ("1", 0m)) },
        { CrmErrorCodes.RefundQuantityExceedsPurchased, "Lines[0].Quantity", RefundLines("r-9", "p-1", At, ("1", 1.5m)) },
        { CrmErrorCodes.RefundQuantityExceedsPurchased, "Lines[0].Quantity", RefundLines("r-9", "p-1", At, ("2", 3m)) },
        { CrmErrorCodes.RefundAmountInvalid, "Amount", RefundAmount("r-9", "p-1", At, 0m) },
        { CrmErrorCodes.RefundAmountInvalid, "Amount", RefundAmount("r-9", "p-1", At, 0.001m) },
        { CrmErrorCodes.RefundAmountExceedsPaid, "Amount", RefundAmount("r-9", "p-1", At, 20.01m) },
        { CrmErrorCodes.RefundCurrencyMismatch, "Amount", new Refund { Id = "r-9", PurchaseId = "p-1", OccurredAt = At, Amount = new Money(1m, Currency.USD) } },
        { CrmErrorCodes.RefundInstantInvalid, "OccurredAt", RefundAmount("r-9", "p-1", At - Duration.FromSeconds(1), 1m) },
        { CrmErrorCodes.RefundInstantInvalid, "OccurredAt", RefundAmount("r-9", "p-1", Instant.FromUtc(2026, 6, 1, 0, 6), 1m) },
    };

    [Theory]
    [MemberData(nameof(BadRefunds))]
    public async Task RecordRefund_BadInput_ThrowsCodeAndWritesNothing(string code, string field, Refund refund)
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 6, 1, 0, 0));
        // Line 1: 2 x 12.00, line 2: 2 x 4.00, 32.00 paid; r-0 returns one of line 1, leaving 1 + 2 items and 20.00.
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 12m, 2m), Line("2", 4m, 2m)));
        await crm.Manager.RecordRefundAsync(RefundLines("r-0", "p-1", At, ("1", 1m)));
        var before = await crm.Manager.GetMetricsAsync(new CustomerId("c-1"));

        var act = () => crm.Manager.RecordRefundAsync(refund);

        var error = (await act.Should().ThrowAsync<CrmValidationException>()).Which;
        error.ErrorCode.Should().Be(code);
        error.Field.Should().Be(field);
        (await crm.Manager.GetMetricsAsync(new CustomerId("c-1"))).Should().Be(before);
    }

    [Fact]
    public async Task RecordRefund_SameIdTwice_IsReplay()
    {
        using var crm = TestCrm.Create();
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 20m)));
        var first = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", At, 5m));

        var again = await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", At, 5m));

        again.Status.Should().Be(RecordStatus.Replayed);
        again.Metrics.Should().Be(first.Metrics);
        again.Metrics.NetSpend.Should().Be(Cny(15m));
    }

    [Fact]
    public async Task RecordRefund_SameIdForAnotherPurchase_IsRejected()
    {
        using var crm = TestCrm.Create();
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 20m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", At, Line("1", 20m)));
        await crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-1", At, 5m));

        var act = () => crm.Manager.RecordRefundAsync(RefundAmount("r-1", "p-2", At, 5m));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.RefundIdReused);
    }
}
