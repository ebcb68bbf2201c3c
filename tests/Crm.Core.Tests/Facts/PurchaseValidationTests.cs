using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests.Facts;

public sealed class PurchaseValidationTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 31, 8, 0);

    public static TheoryData<string, string, Func<Purchase, Purchase>> BadPurchases => new()
    {
        { CrmErrorCodes.PurchaseIdMissing, "Id", p => Copy(p, id: " ") },
        { CrmErrorCodes.PurchaseCustomerMissing, "CustomerId", p => Copy(p, customer: default(CustomerId)) },
        { CrmErrorCodes.PurchaseStoreMissing, "StoreId", p => Copy(p, store: "") },
        { CrmErrorCodes.PurchaseLinesEmpty, "Lines", p => Copy(p, lines: []) },
        { CrmErrorCodes.PurchaseLineIdMissing, "Lines[1].LineId", p => Copy(p, lines: [Line("1", 20m), Line("", 5m)]) },
        { CrmErrorCodes.PurchaseLineIdDuplicate, "Lines[1].LineId", p => Copy(p, lines: [Line("1", 20m), Line("1", 5m)]) },
        { CrmErrorCodes.PurchaseSkuMissing, "Lines[0].Sku", p => Copy(p, lines: [Line("1", 20m, sku: " ")]) },
        { CrmErrorCodes.PurchaseCategoryMissing, "Lines[0].Category", p => Copy(p, lines: [Line("1", 20m, category: "")]) },
        { CrmErrorCodes.PurchaseQuantityNotPositive, "Lines[0].Quantity", p => Copy(p, lines: [Line("1", 20m, quantity: 0m)]) },
        { CrmErrorCodes.PurchaseQuantityNotPositive, "Lines[0].Quantity", p => Copy(p, lines: [Line("1", 20m, quantity: -1m)]) },
        { CrmErrorCodes.PurchasePriceNegative, "Lines[0].UnitPrice", p => Copy(p, lines: [Line("1", -0.01m)], paid: 0m) },
        { CrmErrorCodes.PurchaseDiscountInvalid, "Lines[0].LineDiscount", p => Copy(p, lines: [Line("1", 20m, discount: -1m)]) },
        { CrmErrorCodes.PurchaseDiscountInvalid, "Lines[0].LineDiscount", p => Copy(p, lines: [Line("1", 20m, discount: 20.01m)]) },
        { CrmErrorCodes.PurchaseCurrencyMismatch, "Lines[1].UnitPrice", p => Copy(p, lines: [Line("1", 20m), new PurchaseLine { LineId = "2", Sku = "x", Category = "c", Quantity = 1, UnitPrice = new Money(3m, Currency.USD) }]) },
        { CrmErrorCodes.PurchaseCurrencyMismatch, "Lines[0].UnitPrice", p => Copy(p, lines: [new PurchaseLine { LineId = "1", Sku = "x", Category = "c", Quantity = 1, UnitPrice = default }]) },
        { CrmErrorCodes.PurchaseCurrencyMismatch, "PaidTotal", p => Copy(p, paidMoney: new Money(20m, Currency.HKD)) },
        { CrmErrorCodes.PurchaseAmountPrecision, "Lines[0].UnitPrice", p => Copy(p, lines: [Line("1", 20.001m)]) },
        { CrmErrorCodes.PurchasePaidTotalInvalid, "PaidTotal", p => Copy(p, paid: 20.01m) },
        { CrmErrorCodes.PurchasePaidTotalInvalid, "PaidTotal", p => Copy(p, paid: -1m) },
        { CrmErrorCodes.PurchaseInFuture, "OccurredAt", p => Copy(p, at: At + Duration.FromMinutes(6)) },

        // Issue 20: bounds, dates and keys.
        { CrmErrorCodes.PurchaseTooEarly, "OccurredAt", p => Copy(p, at: default(Instant)) },
        { CrmErrorCodes.PurchaseTooEarly, "OccurredAt", p => Copy(p, at: Instant.MinValue) },
        { CrmErrorCodes.PurchaseTooEarly, "OccurredAt", p => Copy(p, at: Instant.FromUtc(1999, 12, 31, 23, 59)) },
        { CrmErrorCodes.PurchaseAmountTooLarge, "Lines[0].UnitPrice", p => Copy(p, lines: [Line("1", 100_000_000_000_000_000_000m)], paid: 0m) },
        { CrmErrorCodes.PurchaseAmountTooLarge, "Lines[0].UnitPrice", p => Copy(p, lines: [Line("1", 10_000_000.01m)], paid: 0m) },
        { CrmErrorCodes.PurchaseAmountTooLarge, "Lines[0].UnitPrice", p => Copy(p, lines: [Line("1", 5_000_000m, quantity: 3m)], paid: 0m) },
        { CrmErrorCodes.PurchaseAmountTooLarge, "Lines", p => Copy(p, lines: [Line("1", 6_000_000m), Line("2", 6_000_000m)], paid: 0m) },
        { CrmErrorCodes.PurchaseQuantityInvalid, "Lines[0].Quantity", p => Copy(p, lines: [Line("1", 20m, quantity: 0.0000000000000000000000000001m)], paid: 0m) },
        { CrmErrorCodes.PurchaseQuantityInvalid, "Lines[0].Quantity", p => Copy(p, lines: [Line("1", 20m, quantity: 0.0001m)], paid: 0m) },
        { CrmErrorCodes.PurchaseQuantityInvalid, "Lines[0].Quantity", p => Copy(p, lines: [Line("1", 0.01m, quantity: 100_001m)], paid: 0m) },
        { CrmErrorCodes.PurchaseTooManyLines, "Lines", p => Copy(p, lines: [.. Enumerable.Range(0, 1_001).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1m))]) },
        { CrmErrorCodes.KeyInvalid, "Id", p => Copy(p, id: "p\01") },
        { CrmErrorCodes.KeyInvalid, "Id", p => Copy(p, id: new string('p', 201)) },
        { CrmErrorCodes.KeyInvalid, "Id", p => Copy(p, id: " p-1") },
        { CrmErrorCodes.KeyInvalid, "StoreId", p => Copy(p, store: "s\u0007") },
        { CrmErrorCodes.KeyInvalid, "Lines[0].Sku", p => Copy(p, lines: [Line("1", 20m, sku: "\ud800")]) },
        { CrmErrorCodes.KeyInvalid, "Lines[0].Category", p => Copy(p, lines: [Line("1", 20m, sku: "latte", category: "coffee\t")]) },
        { CrmErrorCodes.KeyInvalid, "Lines[0].LineId", p => Copy(p, lines: [Line("1\n", 20m)]) },
        { CrmErrorCodes.PurchaseChannelInvalid, "Channel", p => Copy(p, channel: (SalesChannel)99) },
    };

    [Fact]
    public async Task RecordPurchase_PastTheCustomersNetSpendBound_IsRefusedAndWritesNothing()
    {
        using var crm = TestCrm.Create(At, options: o => o.MaxCustomerNetSpend = 10_000_000m);
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 6_000_000m)));
        var before = await crm.Activity.GetMetricsAsync(new CustomerId("c-1"));

        var act = () => crm.Manager.RecordPurchaseAsync(Purchase("p-2", "c-1", At, Line("1", 4_000_000.01m)));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.PurchaseCustomerSpendTooLarge);
        (await crm.Activity.GetMetricsAsync(new CustomerId("c-1"))).Should().Be(before);
        (await crm.Activity.FindEntryAsync(ActivityKind.Purchase, "p-2")).Should().BeNull();
        (await crm.Manager.RecordPurchaseAsync(Purchase("p-3", "c-1", At, Line("1", 4_000_000m)))).Status.Should().Be(RecordStatus.Recorded);
    }

    [Fact]
    public async Task RecordPurchase_HistoricFactWithEarlierBoundConfigured_IsAccepted()
    {
        using var crm = TestCrm.Create(At, options: o => o.EarliestFactInstant = Instant.FromUtc(1990, 1, 1, 0, 0));

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", Instant.FromUtc(1997, 1, 1, 0, 0), Line("1", 20m)));

        result.Status.Should().Be(RecordStatus.Recorded);
    }

    [Theory]
    [MemberData(nameof(BadPurchases))]
    public async Task RecordPurchase_BadInput_ThrowsCodeAndWritesNothing(string code, string field, Func<Purchase, Purchase> spoil)
    {
        using var crm = TestCrm.Create(At);
        var purchase = spoil(Purchase("p-1", "c-1", At, Line("1", 20m)));

        var act = () => crm.Manager.RecordPurchaseAsync(purchase);

        var error = (await act.Should().ThrowAsync<CrmValidationException>()).Which;
        error.ErrorCode.Should().Be(code);
        error.Field.Should().Be(field);
        (await crm.Activity.FindEntryAsync(ActivityKind.Purchase, purchase.Id ?? "")).Should().BeNull();
        (await crm.Activity.GetMetricsAsync(new CustomerId("c-1"))).Should().BeNull();
    }

    [Fact]
    public async Task RecordPurchase_WithinClockSkew_IsAccepted()
    {
        using var crm = TestCrm.Create(At);

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At + Duration.FromMinutes(5), Line("1", 20m)));

        result.Status.Should().Be(RecordStatus.Recorded);
    }

    [Fact]
    public void CustomerId_Invalid_ThrowsValidationCode()
    {
        foreach (var bad in new[] { "", "has space", new string('x', 65), "中文" })
        {
            FluentActions.Invoking(() => new CustomerId(bad)).Should().Throw<CrmValidationException>()
                .Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerIdInvalid);
        }
    }

    private static Purchase Copy(Purchase p, string? id = null, CustomerId? customer = null, string? store = null, PurchaseLine[]? lines = null, decimal? paid = null, Money? paidMoney = null, Instant? at = null, SalesChannel? channel = null) => new()
    {
        Id = id ?? p.Id,
        CustomerId = customer ?? p.CustomerId,
        StoreId = store ?? p.StoreId,
        Channel = channel ?? p.Channel,
        OccurredAt = at ?? p.OccurredAt,
        Lines = lines ?? p.Lines,
        PaidTotal = paidMoney ?? (paid is { } v ? Cny(v) : lines is null ? p.PaidTotal : Cny(lines.Sum(l => l.UnitPrice.IsDefault || l.UnitPrice.Currency != Currency.CNY ? 0m : l.UnitPrice.Amount * l.Quantity))),
    };
}
