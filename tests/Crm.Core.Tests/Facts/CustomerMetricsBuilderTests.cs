using FluentAssertions;
using NodaTime;

namespace Crm.Core.Tests.Facts;

public sealed class CustomerMetricsBuilderTests
{
    private static readonly CustomerId Customer = new("c-1");
    private static readonly Instant At = Instant.FromUtc(2026, 3, 10, 8, 0);

    [Fact]
    public void Apply_EntryInAnotherCurrency_ThrowsAndChangesNothing()
    {
        var builder = new CustomerMetricsBuilder(CustomerMetrics.Empty(Customer, Currency.CNY));
        builder.Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY)));
        var before = builder.ToMetrics();

        // The amount is in yuan but a line is in dollars: refused before anything changes (the category exists, so
        // changing in place would have added dollars to yuan).
        builder.Invoking(b => b.Apply(Purchase("p-2", new Money(12m, Currency.CNY), new Money(12m, Currency.USD))))
            .Should().Throw<InvalidOperationException>();
        builder.Invoking(b => b.Apply(Purchase("p-3", new Money(12m, Currency.USD), new Money(12m, Currency.USD))))
            .Should().Throw<InvalidOperationException>();

        builder.Version.Should().Be(1);
        builder.ToMetrics().Should().Be(before);
        builder.ToMetrics().SpendIn("coffee").Should().Be(new Money(30m, Currency.CNY));
    }

    [Fact]
    public void Apply_EntryOfAnotherCustomer_Throws()
    {
        var builder = new CustomerMetricsBuilder(CustomerMetrics.Empty(new CustomerId("c-2"), Currency.CNY));

        builder.Invoking(b => b.Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY))))
            .Should().Throw<ArgumentException>();
        builder.Version.Should().Be(0);
    }

    [Fact]
    public void Apply_DoesNotChangeTheSnapshotItStartedFrom()
    {
        var start = CustomerMetrics.Empty(Customer, Currency.CNY).Apply(Purchase("p-1", new Money(30m, Currency.CNY), new Money(30m, Currency.CNY)));
        var builder = new CustomerMetricsBuilder(start);

        builder.Apply(Purchase("p-2", new Money(12m, Currency.CNY), new Money(12m, Currency.CNY)));

        start.SpendIn("coffee").Should().Be(new Money(30m, Currency.CNY));
        start.Version.Should().Be(1);
        builder.ToMetrics().SpendIn("coffee").Should().Be(new Money(42m, Currency.CNY));
        builder.ToMetrics().PurchaseCount.Should().Be(2);
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
        Lines = [new ActivityLine("1", "latte", "coffee", 1m, lineAmount)],
        RecordedAt = At,
    };
}
