using System.Globalization;
using NodaTime;

namespace Crm.Coupons.Internal;

/// <summary>A basket in minor units with its lines sorted by id (ordinal), so that nothing depends on the host's line order.</summary>
internal sealed class PreparedBasket
{
    private PreparedBasket(int count)
    {
        LineIds = new string[count];
        Skus = new string[count];
        Categories = new string[count];
        Quantities = new decimal[count];
        Amounts = new long[count];
        Units = new int[count];
        AddedFree = new bool[count];
    }

    public Currency Currency { get; private init; } = null!;

    public string[] LineIds { get; }

    public string[] Skus { get; }

    public string[] Categories { get; }

    public decimal[] Quantities { get; }

    /// <summary>Net amounts in minor units.</summary>
    public long[] Amounts { get; }

    /// <summary>Whole quantities (items), or 0 for a line sold by weight.</summary>
    public int[] Units { get; }

    /// <summary>Lines the host added as free units (<see cref="CouponBasket.AddedFreeLineIds"/>).</summary>
    public bool[] AddedFree { get; }

    /// <summary>
    /// Whether the lines added free are unknown (a recorded purchase carries no mark), so "added free" coupons take the
    /// most groups the units allow instead.
    /// </summary>
    public bool InferAddedFree { get; private init; }

    public int Count => LineIds.Length;

    public long DeliveryFee { get; private init; }

    public string StoreId { get; private init; } = null!;

    public SalesChannel Channel { get; private init; }

    public LocalDateTime LocalNow { get; private init; }

    public DateTimeZone Zone { get; private init; } = null!;

    public Instant Now { get; private init; }

    public string? ReservationKey { get; private init; }

    /// <summary>The order of benefits pinned for this checkout, or <see langword="null"/> for the programme's.</summary>
    public BenefitOrder? BenefitOrder { get; private init; }

    /// <summary>The culture every reason of this evaluation is written in, taken once so that one evaluation speaks one language.</summary>
    public CultureInfo Culture { get; private init; } = CultureInfo.InvariantCulture;

    /// <exception cref="CrmValidationException">The basket is not valid (<see cref="CouponsErrorCodes.BasketInvalid"/>).</exception>
    public static PreparedBasket Prepare(CouponBasket basket, Currency currency, DateTimeZone programmeZone, Instant now, MidpointRounding rounding, bool inferAddedFree = false, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(basket);
        if (basket.Lines is null || basket.Lines.Count == 0)
        {
            throw Invalid("lines", "A basket needs at least one line.");
        }

        if (string.IsNullOrEmpty(basket.StoreId))
        {
            throw Invalid("storeId", "A basket needs a store id.");
        }

        var count = basket.Lines.Count;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            var line = basket.Lines[i] ?? throw Invalid($"lines[{i}]", "A line is null.");
            if (string.IsNullOrEmpty(line.LineId) || line.Sku is null || line.Category is null)
            {
                throw Invalid($"lines[{i}]", "A line needs a line id, a SKU and a category.");
            }
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(basket.Lines[a].LineId, basket.Lines[b].LineId));
        if (basket.BenefitOrder is { } pinned && !Enum.IsDefined(pinned))
        {
            throw Invalid("benefitOrder", "Unknown order of benefits.");
        }

        var zone = basket.TimeZone ?? programmeZone;
        var prepared = new PreparedBasket(count)
        {
            Currency = currency,
            StoreId = basket.StoreId,
            Channel = basket.Channel,
            Zone = zone,
            Now = now,
            LocalNow = now.InZone(zone).LocalDateTime,
            ReservationKey = basket.ReservationKey,
            BenefitOrder = basket.BenefitOrder,
            InferAddedFree = inferAddedFree,
            Culture = culture ?? CultureInfo.CurrentUICulture,
            DeliveryFee = basket.DeliveryFee is { } fee ? Minor(fee, currency, "deliveryFee") : 0,
        };
        var scale = 1m;
        for (var d = 0; d < currency.MinorUnits; d++)
        {
            scale *= 10m;
        }

        for (var k = 0; k < count; k++)
        {
            var line = basket.Lines[order[k]];
            if (k > 0 && string.Equals(line.LineId, prepared.LineIds[k - 1], StringComparison.Ordinal))
            {
                throw Invalid("lines", $"The line id '{line.LineId}' is used twice.");
            }

            if (line.Quantity <= 0m)
            {
                throw Invalid($"lines[{order[k]}].quantity", "The quantity must be above zero.");
            }

            if (line.UnitPrice.IsDefault || line.UnitPrice.Currency != currency || line.UnitPrice.IsNegative)
            {
                throw Invalid($"lines[{order[k]}].unitPrice", $"The unit price must be zero or more, in {currency.Code}.");
            }

            var gross = decimal.Round(line.UnitPrice.Amount * line.Quantity, currency.MinorUnits, rounding);
            var net = gross;
            if (line.LineDiscount is { } lineDiscount)
            {
                if (lineDiscount.IsDefault || lineDiscount.Currency != currency || lineDiscount.IsNegative || !lineDiscount.IsWholeMinorUnits || lineDiscount.Amount > gross)
                {
                    throw Invalid($"lines[{order[k]}].lineDiscount", "The line discount must be in the basket's currency, in whole minor units and not above the line's amount.");
                }

                net -= lineDiscount.Amount;
            }

            prepared.LineIds[k] = line.LineId;
            prepared.Skus[k] = line.Sku;
            prepared.Categories[k] = line.Category;
            prepared.Quantities[k] = line.Quantity;
            prepared.Amounts[k] = decimal.ToInt64(net * scale);
            prepared.Units[k] = line.Quantity == decimal.Truncate(line.Quantity) && line.Quantity <= int.MaxValue ? (int)line.Quantity : 0;
        }

        foreach (var id in basket.AddedFreeLineIds ?? [])
        {
            var k = id is null ? -1 : Array.BinarySearch(prepared.LineIds, id, StringComparer.Ordinal);
            if (k < 0)
            {
                throw Invalid("addedFreeLineIds", $"'{id}' is not a line of the basket.");
            }

            prepared.AddedFree[k] = true;
        }

        return prepared;
    }

    private static long Minor(Money money, Currency currency, string field)
    {
        if (money.IsDefault || money.Currency != currency || money.IsNegative || !money.IsWholeMinorUnits)
        {
            throw Invalid(field, $"The amount must be zero or more, in whole minor units of {currency.Code}.");
        }

        return money.ToMinorUnits();
    }

    private static CrmValidationException Invalid(string field, string message) => new(CouponsErrorCodes.BasketInvalid, field, $"Invalid basket at {field}: {message}");
}
