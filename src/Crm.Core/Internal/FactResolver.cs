using NodaTime;

namespace Crm.Internal;

/// <summary>Validates facts and resolves them to journal entries with exact amounts. Pure: no I/O, no clock.</summary>
/// <remarks>Every bound is checked before any arithmetic that could leave the range the stores keep, so nothing overflows later.</remarks>
internal sealed class FactResolver(Currency currency, DateTimeZone zone, CrmOptions options)
{
    public ActivityEntry ResolvePurchase(Purchase purchase, Instant now)
    {
        Guard.NotNull(purchase);
        if (string.IsNullOrWhiteSpace(purchase.Id))
        {
            throw Invalid(CrmErrorCodes.PurchaseIdMissing, "Id", "The purchase has no id; pass the host's order id, which is the idempotency key.");
        }

        Guard.Key(purchase.Id, CrmErrorCodes.KeyInvalid, "Id");

        if (purchase.CustomerId.IsDefault)
        {
            throw Invalid(CrmErrorCodes.PurchaseCustomerMissing, "CustomerId", $"Purchase {purchase.Id} has no customer.");
        }

        if (string.IsNullOrWhiteSpace(purchase.StoreId))
        {
            throw Invalid(CrmErrorCodes.PurchaseStoreMissing, "StoreId", $"Purchase {purchase.Id} has no store id.");
        }

        Guard.Key(purchase.StoreId, CrmErrorCodes.KeyInvalid, "StoreId");
        if (!Enum.IsDefined(purchase.Channel))
        {
            throw Invalid(CrmErrorCodes.PurchaseChannelInvalid, "Channel", $"Purchase {purchase.Id} has channel {(int)purchase.Channel}, which is not a SalesChannel value.");
        }

        if (purchase.OccurredAt < options.EarliestFactInstant)
        {
            throw Invalid(CrmErrorCodes.PurchaseTooEarly, "OccurredAt", $"Purchase {purchase.Id} is dated {purchase.OccurredAt}, before the earliest instant a fact may have ({options.EarliestFactInstant}, CrmOptions.EarliestFactInstant): a till's clock was not set.");
        }

        if (purchase.OccurredAt > now + options.MaxClockSkew)
        {
            throw Invalid(CrmErrorCodes.PurchaseInFuture, "OccurredAt", $"Purchase {purchase.Id} is dated {purchase.OccurredAt}, more than {options.MaxClockSkew} after now ({now}).");
        }

        var lines = purchase.Lines;
        if (lines is null || lines.Count == 0)
        {
            throw Invalid(CrmErrorCodes.PurchaseLinesEmpty, "Lines", $"Purchase {purchase.Id} has no lines.");
        }

        if (lines.Count > options.MaxLinesPerFact)
        {
            throw Invalid(CrmErrorCodes.PurchaseTooManyLines, "Lines", $"Purchase {purchase.Id} has {lines.Count} lines; at most {options.MaxLinesPerFact} are allowed (CrmOptions.MaxLinesPerFact).");
        }

        Span<decimal> nets = lines.Count <= 32 ? stackalloc decimal[lines.Count] : new decimal[lines.Count];
        var netSum = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i] ?? throw Invalid(CrmErrorCodes.PurchaseLineIdMissing, $"Lines[{i}]", $"Line {i} of purchase {purchase.Id} is null.");
            if (string.IsNullOrWhiteSpace(line.LineId))
            {
                throw Invalid(CrmErrorCodes.PurchaseLineIdMissing, $"Lines[{i}].LineId", $"Line {i} of purchase {purchase.Id} has no line id.");
            }

            Guard.Key(line.LineId, CrmErrorCodes.KeyInvalid, $"Lines[{i}].LineId");

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(lines[j].LineId, line.LineId, StringComparison.Ordinal))
                {
                    throw Invalid(CrmErrorCodes.PurchaseLineIdDuplicate, $"Lines[{i}].LineId", $"Purchase {purchase.Id} has line id '{line.LineId}' twice.");
                }
            }

            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                throw Invalid(CrmErrorCodes.PurchaseSkuMissing, $"Lines[{i}].Sku", $"Line '{line.LineId}' of purchase {purchase.Id} has no SKU.");
            }

            Guard.Key(line.Sku, CrmErrorCodes.KeyInvalid, $"Lines[{i}].Sku");

            if (string.IsNullOrWhiteSpace(line.Category))
            {
                throw Invalid(CrmErrorCodes.PurchaseCategoryMissing, $"Lines[{i}].Category", $"Line '{line.LineId}' of purchase {purchase.Id} has no category.");
            }

            Guard.Key(line.Category, CrmErrorCodes.KeyInvalid, $"Lines[{i}].Category");

            if (line.Quantity <= 0m)
            {
                throw Invalid(CrmErrorCodes.PurchaseQuantityNotPositive, $"Lines[{i}].Quantity", $"Line '{line.LineId}' of purchase {purchase.Id} has quantity {line.Quantity}; it must be above zero.");
            }

            if (line.Quantity > options.MaxLineQuantity || FinerThanAllowed(line.Quantity))
            {
                throw Invalid(CrmErrorCodes.PurchaseQuantityInvalid, $"Lines[{i}].Quantity", $"Line '{line.LineId}' of purchase {purchase.Id} has quantity {line.Quantity}; it must be at most {options.MaxLineQuantity} (CrmOptions.MaxLineQuantity) with at most {options.QuantityDecimals} decimals (CrmOptions.QuantityDecimals).");
            }

            CheckAmount(line.UnitPrice, i, "UnitPrice", purchase.Id);
            if (line.UnitPrice.IsNegative)
            {
                throw Invalid(CrmErrorCodes.PurchasePriceNegative, $"Lines[{i}].UnitPrice", $"Line '{line.LineId}' of purchase {purchase.Id} has a negative unit price {line.UnitPrice}.");
            }

            // Both factors are bounded, so the product is far inside decimal's range.
            var gross = decimal.Round(line.UnitPrice.Amount * line.Quantity, currency.MinorUnits, options.Rounding);
            if (gross > options.MaxFactAmount)
            {
                throw TooLarge($"Lines[{i}].UnitPrice", $"Line '{line.LineId}' of purchase {purchase.Id} comes to {new Money(gross, currency)}");
            }

            var net = gross;
            if (line.LineDiscount is { } discount)
            {
                CheckAmount(discount, i, "LineDiscount", purchase.Id);
                if (discount.IsNegative || discount.Amount > gross)
                {
                    throw Invalid(CrmErrorCodes.PurchaseDiscountInvalid, $"Lines[{i}].LineDiscount", $"Line '{line.LineId}' of purchase {purchase.Id} has discount {discount}; it must be between zero and the line's gross amount {new Money(gross, currency)}.");
                }

                net -= discount.Amount;
            }

            nets[i] = net;
            netSum += net;
        }

        if (netSum > options.MaxFactAmount)
        {
            throw TooLarge("Lines", $"The lines of purchase {purchase.Id} come to {new Money(netSum, currency)}");
        }

        CheckAmount(purchase.PaidTotal, -1, "PaidTotal", purchase.Id);
        if (purchase.PaidTotal.IsNegative || purchase.PaidTotal.Amount > netSum)
        {
            throw Invalid(CrmErrorCodes.PurchasePaidTotalInvalid, "PaidTotal", $"Purchase {purchase.Id} has paid total {purchase.PaidTotal}; it must be between zero and the lines' net sum {new Money(netSum, currency)}.");
        }

        // Each line's share of what was paid: order-level discounts spread in proportion to the lines' net amounts.
        // Without order-level discounts (the common case) the shares are the net amounts themselves.
        var paid = purchase.PaidTotal.Amount;
        var entryLines = new ActivityLine[lines.Count];
        Span<long> shares = lines.Count <= 32 ? stackalloc long[lines.Count] : new long[lines.Count];
        if (paid != netSum && netSum != 0m)
        {
            // Nets are whole minor units here (prices and discounts were checked, gross amounts rounded): split in integers.
            Span<long> weights = lines.Count <= 32 ? stackalloc long[lines.Count] : new long[lines.Count];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = decimal.ToInt64(nets[i] * currency.Scale);
            }

            Money.AllocateMinorUnits(purchase.PaidTotal.ToMinorUnits(), weights, shares);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var share = paid == netSum ? new Money(nets[i], currency) : Money.FromMinorUnits(shares[i], currency);
            entryLines[i] = new ActivityLine { LineId = line.LineId, Sku = line.Sku, Category = line.Category, Quantity = line.Quantity, Amount = share };
        }

        var occurredAt = ToTick(purchase.OccurredAt);
        return new ActivityEntry
        {
            Kind = ActivityKind.Purchase,
            Id = purchase.Id,
            CustomerId = purchase.CustomerId,
            PurchaseId = purchase.Id,
            OccurredAt = occurredAt,
            PurchasedAt = occurredAt,
            PurchaseMonth = YearMonthOf(occurredAt),
            StoreId = purchase.StoreId,
            Channel = purchase.Channel,
            Amount = purchase.PaidTotal,
            Lines = entryLines,
            RecordedAt = now,
            ContentHash = FactHash.Of(purchase),
        };
    }

    /// <summary>Refuses a purchase id recorded before with other content: by the content hash, or for an entry stored before
    /// hashes were kept, by every stored field.</summary>
    public static void EnsureSamePurchase(ActivityEntry stored, ActivityEntry incoming)
    {
        var same = stored.ContentHash is not null
            ? stored.ContentHash == incoming.ContentHash
            : stored.CustomerId == incoming.CustomerId && stored.OccurredAt == incoming.OccurredAt && stored.Amount == incoming.Amount
              && stored.StoreId == incoming.StoreId && stored.Channel == incoming.Channel && stored.Lines.SequenceEqual(incoming.Lines);
        if (!same)
        {
            throw Invalid(
                CrmErrorCodes.PurchaseIdReused,
                "Id",
                $"Purchase id {incoming.Id} was recorded before with different content (customer {stored.CustomerId}, {stored.OccurredAt}, {stored.Amount}); a purchase id must name one purchase.");
        }
    }

    public void ValidateRefundShape(Refund refund, Instant now)
    {
        Guard.NotNull(refund);
        if (string.IsNullOrWhiteSpace(refund.Id))
        {
            throw Invalid(CrmErrorCodes.RefundIdMissing, "Id", "The refund has no id; pass the host's refund id, which is the idempotency key.");
        }

        Guard.Key(refund.Id, CrmErrorCodes.KeyInvalid, "Id");

        if (string.IsNullOrWhiteSpace(refund.PurchaseId))
        {
            throw Invalid(CrmErrorCodes.RefundPurchaseMissing, "PurchaseId", $"Refund {refund.Id} names no purchase.");
        }

        Guard.Key(refund.PurchaseId, CrmErrorCodes.KeyInvalid, "PurchaseId");

        if ((refund.Lines is null) == (refund.Amount is null))
        {
            throw Invalid(CrmErrorCodes.RefundLinesOrAmount, refund.Lines is null ? "Lines" : "Amount", $"Refund {refund.Id} must give either lines or an amount, not both and not neither.");
        }

        if (refund.Lines is { Count: 0 })
        {
            throw Invalid(CrmErrorCodes.RefundLinesOrAmount, "Lines", $"Refund {refund.Id} has an empty list of lines.");
        }

        for (var r = 0; r < (refund.Lines?.Count ?? 0); r++)
        {
            // Checked before the purchase is read: a refund the shape refuses is never resolved (and never hashed).
            var line = refund.Lines![r];
            if (line is null || !HostKey.IsValid(line.LineId))
            {
                throw Invalid(CrmErrorCodes.RefundLineUnknown, $"Lines[{r}].LineId", $"Refund {refund.Id} names line '{line?.LineId}', which is not a valid line id.");
            }

            if (line.Quantity > 0m && FinerThanAllowed(line.Quantity))
            {
                throw Invalid(CrmErrorCodes.RefundQuantityInvalid, $"Lines[{r}].Quantity", $"Refund {refund.Id} returns quantity {line.Quantity} of line '{line.LineId}'; a quantity has at most {options.QuantityDecimals} decimals (CrmOptions.QuantityDecimals).");
            }
        }

        if (refund.OccurredAt > now + options.MaxClockSkew)
        {
            throw Invalid(CrmErrorCodes.RefundInstantInvalid, "OccurredAt", $"Refund {refund.Id} is dated {refund.OccurredAt}, more than {options.MaxClockSkew} after now ({now}).");
        }
    }

    public ActivityEntry ResolveRefund(Refund refund, ActivityEntry purchase, IReadOnlyList<ActivityEntry> earlierRefunds, Instant now)
    {
        if (refund.OccurredAt < purchase.OccurredAt)
        {
            throw Invalid(CrmErrorCodes.RefundInstantInvalid, "OccurredAt", $"Refund {refund.Id} is dated {refund.OccurredAt}, before its purchase {purchase.Id} ({purchase.OccurredAt}).");
        }

        // What is left of each line after the earlier refunds of this purchase.
        var count = purchase.Lines.Count;
        var leftQuantity = new decimal[count];
        var leftAmount = new decimal[count];
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            index[purchase.Lines[i].LineId] = i;
            leftQuantity[i] = purchase.Lines[i].Quantity;
            leftAmount[i] = purchase.Lines[i].Amount.Amount;
        }

        foreach (var earlier in earlierRefunds)
        {
            foreach (var line in earlier.Lines)
            {
                var i = index[line.LineId];
                leftQuantity[i] -= line.Quantity;
                leftAmount[i] -= line.Amount.Amount;
            }
        }

        var lines = refund.Lines is not null
            ? ResolveRefundLines(refund, purchase, index, leftQuantity, leftAmount)
            : ResolveRefundAmount(refund, purchase, leftAmount);

        var total = Money.Zero(currency);
        foreach (var line in lines)
        {
            total += line.Amount;
        }

        return new ActivityEntry
        {
            Kind = ActivityKind.Refund,
            Id = refund.Id,
            CustomerId = purchase.CustomerId,
            PurchaseId = purchase.Id,
            OccurredAt = ToTick(refund.OccurredAt),
            PurchasedAt = purchase.PurchasedAt,
            PurchaseMonth = purchase.PurchaseMonth,
            StoreId = purchase.StoreId,
            Channel = purchase.Channel,
            Amount = total,
            Lines = lines,
            RecordedAt = now,
            ContentHash = FactHash.Of(refund),
        };
    }

    /// <summary>Refuses a refund id recorded before with other content: by the content hash, or for an entry stored before
    /// hashes were kept, by its purchase, instant and what it gave back.</summary>
    public static void EnsureSameRefund(ActivityEntry stored, Refund incoming)
    {
        var same = stored.ContentHash is not null
            ? stored.ContentHash == FactHash.Of(incoming)
            : stored.PurchaseId == incoming.PurchaseId && stored.OccurredAt == ToTick(incoming.OccurredAt)
              && (incoming.Amount is { } amount
                  ? stored.Amount == amount
                  : incoming.Lines!.Count == stored.Lines.Count && incoming.Lines.Zip(stored.Lines).All(p => p.First.LineId == p.Second.LineId && p.First.Quantity == p.Second.Quantity));
        if (!same)
        {
            throw Invalid(
                CrmErrorCodes.RefundIdReused,
                "Id",
                $"Refund id {incoming.Id} was recorded before for purchase {stored.PurchaseId} at {stored.OccurredAt}; a refund id must name one refund.");
        }
    }

    private ActivityLine[] ResolveRefundLines(Refund refund, ActivityEntry purchase, Dictionary<string, int> index, decimal[] leftQuantity, decimal[] leftAmount)
    {
        var requested = refund.Lines!;
        var result = new ActivityLine[requested.Count];
        var seen = new HashSet<string>(requested.Count, StringComparer.Ordinal);
        for (var r = 0; r < requested.Count; r++)
        {
            var line = requested[r];
            var path = $"Lines[{r}]";
            if (line is null || line.LineId is null || !index.TryGetValue(line.LineId, out var i) || !seen.Add(line.LineId))
            {
                throw Invalid(CrmErrorCodes.RefundLineUnknown, path + ".LineId", $"Refund {refund.Id} names line '{line?.LineId}', which purchase {purchase.Id} does not have or which the refund names twice.");
            }

            if (line.Quantity <= 0m)
            {
                throw Invalid(CrmErrorCodes.RefundQuantityNotPositive, path + ".Quantity", $"Refund {refund.Id} returns quantity {line.Quantity} of line '{line.LineId}'; it must be above zero.");
            }

            if (line.Quantity > leftQuantity[i])
            {
                throw Invalid(CrmErrorCodes.RefundQuantityExceedsPurchased, path + ".Quantity", $"Refund {refund.Id} returns {line.Quantity} of line '{line.LineId}', but only {leftQuantity[i]} of the {purchase.Lines[i].Quantity} bought are left to return.");
            }

            // Returning all that is left gives back exactly what is left, so a line's refunds never sum past what was paid for it.
            var amount = line.Quantity == leftQuantity[i]
                ? leftAmount[i]
                : Math.Min(leftAmount[i], decimal.Round(leftAmount[i] * line.Quantity / leftQuantity[i], currency.MinorUnits, options.Rounding));
            var source = purchase.Lines[i];
            result[r] = new ActivityLine { LineId = source.LineId, Sku = source.Sku, Category = source.Category, Quantity = line.Quantity, Amount = new Money(Math.Max(amount, 0m), currency) };
        }

        return result;
    }

    private ActivityLine[] ResolveRefundAmount(Refund refund, ActivityEntry purchase, decimal[] leftAmount)
    {
        var amount = refund.Amount!.Value;
        if (amount.IsDefault || amount.Currency != currency)
        {
            throw Invalid(CrmErrorCodes.RefundCurrencyMismatch, "Amount", $"Refund {refund.Id} is in {(amount.IsDefault ? "no currency" : amount.Currency.Code)}; the programme's currency is {currency.Code}.");
        }

        if (!amount.IsPositive || !amount.IsWholeMinorUnits)
        {
            throw Invalid(CrmErrorCodes.RefundAmountInvalid, "Amount", $"Refund {refund.Id} gives back {amount}; it must be above zero and in whole minor units of {currency.Code}.");
        }

        var left = leftAmount.Sum();
        if (amount.Amount > left)
        {
            throw Invalid(CrmErrorCodes.RefundAmountExceedsPaid, "Amount", $"Refund {refund.Id} gives back {amount}, but only {new Money(left, currency)} of purchase {purchase.Id} ({purchase.Amount}) is left to refund.");
        }

        var parts = amount.Allocate(leftAmount);
        var result = new List<ActivityLine>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!parts[i].IsZero)
            {
                var source = purchase.Lines[i];
                result.Add(new ActivityLine { LineId = source.LineId, Sku = source.Sku, Category = source.Category, Quantity = 0m, Amount = parts[i] });
            }
        }

        return [.. result];
    }

    /// <summary>An instant to the tick (100 ns), the precision the stores keep: a fact is recorded, and compared on a replay, as stored.</summary>
    private static Instant ToTick(Instant instant) => Instant.FromUnixTimeTicks(instant.ToUnixTimeTicks());

    private YearMonth YearMonthOf(Instant instant)
    {
        var date = instant.InZone(zone).Date;
        return new YearMonth(date.Year, date.Month);
    }

    private void CheckAmount(Money amount, int lineIndex, string name, string purchaseId)
    {
        if (amount.IsDefault || amount.Currency != currency)
        {
            var field = Field(lineIndex, name);
            throw Invalid(CrmErrorCodes.PurchaseCurrencyMismatch, field, $"{field} of purchase {purchaseId} is in {(amount.IsDefault ? "no currency" : amount.Currency.Code)}; the programme's currency is {currency.Code}.");
        }

        if (!amount.IsWholeMinorUnits)
        {
            var field = Field(lineIndex, name);
            throw Invalid(CrmErrorCodes.PurchaseAmountPrecision, field, $"{field} of purchase {purchaseId} is {amount.Amount}, which has more decimals than {currency.Code}'s {currency.MinorUnits}.");
        }

        if (Math.Abs(amount.Amount) > options.MaxFactAmount)
        {
            var field = Field(lineIndex, name);
            throw TooLarge(field, $"{field} of purchase {purchaseId} is {amount}");
        }

        static string Field(int lineIndex, string name) => lineIndex < 0 ? name : $"Lines[{lineIndex}].{name}";
    }

    /// <summary>Whether a quantity has more decimals than <see cref="CrmOptions.QuantityDecimals"/> allows; such a quantity is refused, not rounded.</summary>
    private bool FinerThanAllowed(decimal quantity) => decimal.Round(quantity, options.QuantityDecimals) != quantity;

    private CrmValidationException TooLarge(string field, string what) =>
        Invalid(CrmErrorCodes.PurchaseAmountTooLarge, field, $"{what}, above the largest amount of one fact ({new Money(options.MaxFactAmount, currency)}, CrmOptions.MaxFactAmount).");

    private static CrmValidationException Invalid(string code, string field, string message) => new(code, field, message);
}
