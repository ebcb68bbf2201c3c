using FluentAssertions;
using NodaTime;

namespace Crm.Core.Tests.Facts;

public sealed class CustomerMetricsTests
{
    private static readonly CustomerId Customer = new("c-1");
    private static readonly Instant At = Instant.FromUtc(2026, 3, 10, 8, 0);

    [Fact]
    public void Apply_EntryInAnotherCurrency_ThrowsAndChangesNothing()
    {
        var metrics = CustomerMetrics.Empty(Customer, Currency.CNY).Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY)));
        var before = metrics.ToString();

        // The amount is in yuan but a line is in dollars, or both are in dollars: refused.
        metrics.Invoking(m => m.Apply(Purchase("p-2", new Money(12m, Currency.CNY), new Money(12m, Currency.USD))))
            .Should().Throw<InvalidOperationException>();
        metrics.Invoking(m => m.Apply(Purchase("p-3", new Money(12m, Currency.USD), new Money(12m, Currency.USD))))
            .Should().Throw<InvalidOperationException>();

        metrics.Version.Should().Be(1);
        metrics.ToString().Should().Be(before);
        metrics.SpendIn("coffee").Should().Be(new Money(30m, Currency.CNY));
    }

    [Fact]
    public void Apply_EntryOfAnotherCustomer_Throws()
    {
        var metrics = CustomerMetrics.Empty(new CustomerId("c-2"), Currency.CNY);

        metrics.Invoking(m => m.Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY))))
            .Should().Throw<ArgumentException>();
        metrics.Version.Should().Be(0);
    }

    [Fact]
    public void Apply_ReturnsNewMetrics_AndLeavesTheOriginalAlone()
    {
        var start = CustomerMetrics.Empty(Customer, Currency.CNY).Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY)));

        var after = start.Apply(Purchase("p-2", new Money(12m, Currency.CNY), new Money(12m, Currency.CNY)));

        start.SpendIn("coffee").Should().Be(new Money(30m, Currency.CNY));
        start.Version.Should().Be(1);
        start.PurchaseCount.Should().Be(1);
        after.SpendIn("coffee").Should().Be(new Money(42m, Currency.CNY));
        after.PurchaseCount.Should().Be(2);
        after.Version.Should().Be(2);
    }

    private static ActivityEntry Purchase(string id, Money amount, Money lineAmount) => new()
    {
        Kind = ActivityKind.Purchase,
        Id = id,
        CustomerId = Customer,
        PurchaseId = id,
        OccurredAt = At,
        PurchasedAt = At,
        PurchaseMonth = new YearMonth(2026, 3),
        StoreId = "s-1",
        Channel = SalesChannel.InStore,
        Amount = amount,
        Lines = [new ActivityLine { LineId = "1", Sku = "latte", Category = "coffee", Quantity = 1m, Amount = lineAmount }],
        RecordedAt = At,
    };
}
