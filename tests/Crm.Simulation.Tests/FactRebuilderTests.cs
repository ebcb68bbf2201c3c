using Crm.Simulation.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Crm.Simulation.Tests;

public sealed class FactRebuilderTests
{
    /// <summary>A journal line rebuilt as a purchase line resolves to the same paid amount, with a price and discount in whole minor units.</summary>
    [Property(MaxTest = 2000)]
    public Property RebuiltLine_ResolvesToTheSameAmount_Holds() => Prop.ForAll(
        Gen.Choose(0, 2_000_000).ToArbitrary(),
        Gen.Choose(1, 200_000).ToArbitrary(),
        (cents, thousandths) =>
        {
            var amount = cents / 100m;
            var quantity = thousandths / 1000m;
            var entry = new ActivityEntry
            {
                Kind = ActivityKind.Purchase,
                Id = "p",
                CustomerId = new CustomerId("c"),
                PurchaseId = "p",
                OccurredAt = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0),
                PurchasedAt = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0),
                PurchaseMonth = new NodaTime.YearMonth(2026, 1),
                StoreId = "s",
                Channel = SalesChannel.InStore,
                Amount = Facts.Cny(amount),
                Lines = [new ActivityLine { LineId = "1", Sku = "sku", Category = "cat", Quantity = quantity, Amount = Facts.Cny(amount) }],
                RecordedAt = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0),
            };

            var line = FactRebuilder.ToPurchase(entry, MidpointRounding.AwayFromZero).Lines[0];

            var gross = decimal.Round(line.UnitPrice.Amount * line.Quantity, 2, MidpointRounding.AwayFromZero);
            var discount = line.LineDiscount?.Amount ?? 0m;
            return gross - discount == amount && discount >= 0m && discount <= gross
                && line.UnitPrice.IsWholeMinorUnits && (line.LineDiscount?.IsWholeMinorUnits ?? true) && line.Quantity == quantity;
        });
}
