using System.Globalization;
using NodaTime;

namespace Crm.Coupons.Internal;

/// <summary>
/// The pure coupon engine: whether each coupon applies to a basket (with every reason when not), its discount and
/// allocation, and the best combination. No I/O; all amounts in minor units.
/// </summary>
internal sealed class CouponEvaluator(int maxCouponsPerPurchase, BenefitOrder benefitOrder, MidpointRounding rounding, int searchLimit = CouponEvaluator.DefaultSearchLimit)
{
    /// <summary>
    /// The most benefit applications one best-combination search may make before it settles for the best found (not
    /// proven). At 20 lines one application takes well under a microsecond, so this bounds a search to a few milliseconds.
    /// </summary>
    public const int DefaultSearchLimit = 50_000;

    public int MaxCouponsPerPurchase => maxCouponsPerPurchase;

    /// <summary>Evaluates every candidate alone, then finds the best combination, in the basket's order of benefits or the programme's.</summary>
    public BasketEvaluation Evaluate(PreparedBasket basket, CustomerContext customer, IReadOnlyList<Candidate> candidates)
    {
        var sorted = candidates.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var evaluations = new CouponEvaluation[sorted.Length];
        var applicable = new List<Candidate>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            evaluations[i] = EvaluateOne(basket, customer, sorted[i]);
            if (evaluations[i].IsApplicable)
            {
                applicable.Add(sorted[i]);
            }
        }

        return new BasketEvaluation(evaluations, FindBest(basket, applicable, basket.BenefitOrder ?? benefitOrder));
    }

    /// <summary>Evaluates one candidate alone against the whole basket; sets its eligible lines and standalone discount.</summary>
    public CouponEvaluation EvaluateOne(PreparedBasket basket, CustomerContext customer, Candidate candidate)
    {
        var reasons = new List<CouponReason>();
        CheckStatic(basket, customer, candidate, reasons);
        candidate.Eligible = EligibleLines(basket, candidate.Template.Scope, customer);
        candidate.Qualifying = candidate.Template.Conditions.QualifyingScope is { } qualifying ? EligibleLines(basket, qualifying, customer) : candidate.Eligible;
        var alloc = new long[basket.Count];
        var discount = Apply(basket, candidate, basket.Amounts, basket.DeliveryFee, alloc, reasons);
        if (reasons.Count > 0)
        {
            discount = 0;
        }

        candidate.Standalone = discount;
        var evaluation = ToEvaluation(basket, candidate, discount, alloc, reasons);
        if (candidate.Template.Benefit is BuyGetBenefit { Reading: BuyGetReading.AddFree } b && reasons.Exists(r => r.Code == CouponReasonCodes.FreeUnitsToAdd))
        {
            BuyGetPlan(basket, b, candidate.Eligible, out _, out _, out var toAdd);
            evaluation = new CouponEvaluation(evaluation.CouponId, evaluation.TemplateId, evaluation.Source, evaluation.Discount, evaluation.Lines, evaluation.OnDeliveryFee, reasons, [new CouponUnitsToAdd(b.FreeSkus![0], (int)Math.Min(toAdd, int.MaxValue))]);
        }

        return evaluation;
    }

    /// <summary>The best combination of applicable candidates (each evaluated alone first): which coupons and in which order (see <see cref="Search"/>).</summary>
    public CouponCombination FindBest(PreparedBasket basket, IReadOnlyList<Candidate> applicable, BenefitOrder order)
    {
        // Search in a fixed order (largest saving first, then id) so the result does not depend on the wallet's order.
        var ordered = applicable.Where(c => c.Standalone > 0).OrderByDescending(c => c.Standalone).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var search = new Search(this, basket, ordered, order, maxCouponsPerPurchase, searchLimit);
        return search.Describe(search.Run(), order);
    }

    /// <summary>The total saving of applying exactly these candidates in this order, or -1 when one of them saves nothing.</summary>
    public long SequenceTotal(PreparedBasket basket, IReadOnlyList<Candidate> sequence)
    {
        var remaining = (long[])basket.Amounts.Clone();
        var alloc = new long[basket.Count];
        var delivery = basket.DeliveryFee;
        var total = 0L;
        foreach (var candidate in sequence)
        {
            var d = Apply(basket, candidate, remaining, delivery, alloc, null);
            if (d <= 0)
            {
                return -1;
            }

            Subtract(candidate, remaining, ref delivery, alloc, d);
            total += d;
        }

        return total;
    }

    public static bool[] EligibleLines(PreparedBasket basket, CouponScope scope, CustomerContext customer)
    {
        var eligible = new bool[basket.Count];
        for (var i = 0; i < eligible.Length; i++)
        {
            eligible[i] = scope.Includes(basket.Skus[i], basket.Categories[i])
                && (!scope.RecommendedOnly || customer.Recommended.Contains(basket.Skus[i]) || customer.Recommended.Contains(basket.Categories[i]));
        }

        return eligible;
    }

    internal static void Subtract(Candidate candidate, long[] remaining, ref long delivery, long[] alloc, long discount)
    {
        if (candidate.Template.Benefit is DeliveryFeeOffBenefit)
        {
            delivery -= discount;
            return;
        }

        for (var i = 0; i < remaining.Length; i++)
        {
            remaining[i] -= alloc[i];
        }
    }

    internal CouponEvaluation ToEvaluation(PreparedBasket basket, Candidate candidate, long discount, long[] alloc, IReadOnlyList<CouponReason> reasons)
    {
        var onDelivery = candidate.Template.Benefit is DeliveryFeeOffBenefit;
        var lines = new List<CouponLineDiscount>();
        if (discount > 0 && !onDelivery)
        {
            for (var i = 0; i < alloc.Length; i++)
            {
                if (alloc[i] > 0)
                {
                    lines.Add(new CouponLineDiscount(basket.LineIds[i], MinorUnits.ToMoney(alloc[i], basket.Currency)));
                }
            }
        }

        return new CouponEvaluation(candidate.Id, candidate.Template.Id, candidate.Source, MinorUnits.ToMoney(discount, basket.Currency), lines, onDelivery, reasons);
    }

    /// <summary>The checks that do not depend on line amounts: status, owner, validity and conditions.</summary>
    private static void CheckStatic(PreparedBasket basket, CustomerContext customer, Candidate candidate, List<CouponReason> reasons)
    {
        var coupon = candidate.Coupon;
        var now = basket.Now;
        var culture = basket.Culture;
        if (coupon.CustomerId != customer.CustomerId)
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.OtherCustomer));
        }

        if (coupon.Status == CouponStatus.Redeemed)
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Redeemed, coupon.RedemptionKey));
        }
        else if (coupon.IsReservedElsewhere(now, basket.ReservationKey))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.ReservedElsewhere, Local(coupon.ReservedUntil!.Value, basket.Zone)));
        }

        if (candidate.Budget is { } budget)
        {
            reasons.Add(budget);
        }

        if (now < coupon.ValidFrom)
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.NotYetValid, Local(coupon.ValidFrom, basket.Zone)));
        }
        else if (now >= coupon.ValidTo)
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Expired, Local(coupon.ValidTo, basket.Zone)));
        }

        var c = candidate.Template.Conditions;
        if (c.Tiers.Count > 0 && (customer.Tier is null || !c.Tiers.Contains(customer.Tier, StringComparer.Ordinal)))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Tier, CouponTexts.List(culture, c.Tiers), customer.Tier ?? CouponTexts.Format(culture, "Tier.None")));
        }

        if (c.Segments.Count > 0 && !c.Segments.Any(s => customer.Segments.Contains(s, StringComparer.Ordinal)))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Segment, CouponTexts.List(culture, c.Segments)));
        }

        if (c.Channels.Count > 0 && !c.Channels.Contains(basket.Channel))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Channel, CouponTexts.List(culture, c.Channels.Select(ch => CouponTexts.Channel(culture, ch))), CouponTexts.Channel(culture, basket.Channel)));
        }

        if (c.Stores.Count > 0 && !c.Stores.Contains(basket.StoreId, StringComparer.Ordinal))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Store, basket.StoreId));
        }

        if (c.Weekdays.Count > 0 && !c.Weekdays.Contains(basket.LocalNow.DayOfWeek))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Weekday, CouponTexts.List(culture, c.Weekdays.Select(d => CouponTexts.Weekday(culture, d))), CouponTexts.Weekday(culture, basket.LocalNow.DayOfWeek)));
        }

        if (c.Hours is { } hours && (basket.LocalNow.TimeOfDay < hours.From || basket.LocalNow.TimeOfDay >= hours.To))
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.Hours, hours.From, hours.To, basket.LocalNow.TimeOfDay));
        }

        if (c.FirstPurchaseOnly && customer.PurchaseCount > 0)
        {
            reasons.Add(CouponTexts.Reason(culture, CouponReasonCodes.FirstPurchase, customer.PurchaseCount));
        }
    }

    /// <summary>
    /// Applies the benefit to the remaining line amounts: returns the discount (0 when it does not apply, with reasons
    /// added when <paramref name="reasons"/> is given) and fills <paramref name="alloc"/> with each line's part. With
    /// <paramref name="original"/> (the line amounts before any discount), a minimum the original amounts meet but the
    /// remaining ones do not is reported as <see cref="CouponReasonCodes.MinimumNotMetAfterDiscounts"/> with both amounts.
    /// </summary>
    internal long Apply(PreparedBasket basket, Candidate candidate, long[] remaining, long delivery, long[] alloc, List<CouponReason>? reasons, long[]? original = null)
    {
        Array.Clear(alloc);
        var template = candidate.Template;
        var eligible = candidate.Eligible;
        long sum = 0;
        decimal quantity = 0;
        var any = false;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (eligible[i])
            {
                any = true;
                sum += remaining[i];
                quantity += basket.Quantities[i];
            }
        }

        var failed = false;
        if (!any)
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.NoEligibleItems, template.Scope.RecommendedOnly ? "Reason.NoEligibleItems.Recommended" : CouponReasonCodes.NoEligibleItems);
            return 0;
        }

        // Conditions count the qualifying lines, which are the eligible ones unless the template names its own
        // qualifying scope ("at least 3 of A" while the discount is on something else, or on A alone).
        var conditions = template.Conditions;
        var qualifying = candidate.Qualifying;
        var separate = !ReferenceEquals(qualifying, eligible);
        var qualifyingSum = sum;
        var qualifyingQuantity = quantity;
        if (separate)
        {
            qualifyingSum = 0;
            qualifyingQuantity = 0;
            var anyQualifying = false;
            for (var i = 0; i < remaining.Length; i++)
            {
                if (qualifying[i])
                {
                    anyQualifying = true;
                    qualifyingSum += remaining[i];
                    qualifyingQuantity += basket.Quantities[i];
                }
            }

            if (!anyQualifying)
            {
                Fail(ref failed, reasons, basket, CouponReasonCodes.NoQualifyingItems);
            }
        }

        if (conditions.MinimumSpend is { } minimumSpend)
        {
            var onOrder = conditions.MinimumSpendOn == MinimumSpendBasis.Order;
            var spend = onOrder ? Sum(remaining, null) : qualifyingSum;
            if (spend < minimumSpend.ToMinorUnits())
            {
                SpendFail(ref failed, reasons, basket, minimumSpend, onOrder ? SpendBasis.Order : separate ? SpendBasis.Qualifying : SpendBasis.Eligible, spend, original is null ? -1 : Sum(original, onOrder ? null : qualifying));
            }
        }

        if (conditions.MinimumQuantity is { } minimumQuantity && qualifyingQuantity < minimumQuantity)
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.MinimumQuantity, separate ? "Reason.MinimumQuantity.Qualifying" : CouponReasonCodes.MinimumQuantity, minimumQuantity, qualifyingQuantity);
        }

        if (failed && reasons is null)
        {
            return 0;
        }

        long discount;
        switch (template.Benefit)
        {
            case PercentOffBenefit { Target: { } target } p:
                discount = PercentOffUnits(basket, p.Percent, target, eligible, remaining, alloc);
                break;
            case PercentOffBenefit p:
                // Capped before spreading, so the capped amount is spread in proportion to the lines like any amount.
                discount = (long)decimal.Round(sum * p.Percent / 100m, 0, rounding);
                if (p.MaxDiscount is { } cap)
                {
                    discount = Math.Min(discount, cap.ToMinorUnits());
                }

                discount = Proportional(discount, sum, eligible, remaining, alloc);
                break;
            case AmountOffBenefit a:
                discount = Proportional(a.Amount.ToMinorUnits(), sum, eligible, remaining, alloc);
                break;
            case ThresholdBenefit t:
                var minimum = t.Minimum.ToMinorUnits();
                if (sum < minimum)
                {
                    SpendFail(ref failed, reasons, basket, t.Minimum, SpendBasis.Eligible, sum, original is null ? -1 : Sum(original, eligible));
                    discount = 0;
                    break;
                }

                discount = Proportional(t.Discount.ToMinorUnits() * (t.Repeating ? sum / minimum : 1), sum, eligible, remaining, alloc);
                break;
            case LadderBenefit l:
                discount = 0;
                for (var s = l.Steps.Count - 1; s >= 0; s--)
                {
                    if (sum >= l.Steps[s].Minimum.ToMinorUnits())
                    {
                        discount = l.Steps[s].Discount.ToMinorUnits();
                        break;
                    }
                }

                if (discount == 0)
                {
                    SpendFail(ref failed, reasons, basket, l.Steps[0].Minimum, SpendBasis.Eligible, sum, original is null ? -1 : Sum(original, eligible));
                    break;
                }

                discount = Proportional(discount, sum, eligible, remaining, alloc);
                break;
            case BuyGetBenefit b:
                discount = BuyGet(basket, b, eligible, remaining, alloc, reasons, ref failed);
                break;
            case NthItemBenefit n:
                discount = NthItem(basket, n, eligible, remaining, alloc, reasons, ref failed);
                break;
            case FixedPriceBenefit f:
                discount = FixedPrice(basket, f, eligible, remaining, alloc);
                if (discount == 0 && !failed)
                {
                    Fail(ref failed, reasons, basket, CouponReasonCodes.NoSaving, "Reason.NoSaving.FixedPrice", f.Price);
                }

                break;
            case FreeGiftBenefit g:
                discount = 0;
                for (var i = 0; i < remaining.Length; i++)
                {
                    if (basket.Units[i] > 0 && string.Equals(basket.Skus[i], g.Sku, StringComparison.Ordinal))
                    {
                        alloc[i] = RoundDiv(remaining[i], basket.Units[i]);
                        discount = alloc[i];
                        break;
                    }
                }

                if (discount == 0 && !failed)
                {
                    Fail(ref failed, reasons, basket, CouponReasonCodes.GiftMissing, CouponReasonCodes.GiftMissing, g.Sku);
                }

                break;
            case DeliveryFeeOffBenefit d:
                if (delivery <= 0)
                {
                    Fail(ref failed, reasons, basket, CouponReasonCodes.NoDeliveryFee);
                    discount = 0;
                    break;
                }

                discount = d.Amount is { } amount ? Math.Min(amount.ToMinorUnits(), delivery) : delivery;
                break;
            default:
                throw new InvalidOperationException($"Unknown benefit {template.Benefit.GetType().Name}.");
        }

        if (discount == 0 && !failed)
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.NoSaving);
        }

        if (failed)
        {
            Array.Clear(alloc);
            return 0;
        }

        if (template.Benefit.MaxDiscount is { } maxDiscount && discount > maxDiscount.ToMinorUnits())
        {
            discount = Cap(template.Benefit, discount, maxDiscount.ToMinorUnits(), alloc);
        }

        return discount;
    }

    /// <summary>
    /// Caps a discount: the capped amount keeps the allocation's proportions (largest remainder over the lines' parts),
    /// so a capped item discount stays on the items it was for. A delivery fee discount has no line parts.
    /// </summary>
    private static long Cap(CouponBenefit benefit, long discount, long cap, long[] alloc)
    {
        if (benefit is DeliveryFeeOffBenefit)
        {
            return cap;
        }

        var weights = (long[])alloc.Clone();
        var all = new bool[alloc.Length];
        Array.Fill(all, true);
        Array.Clear(alloc);
        return Proportional(cap, discount, all, weights, alloc);
    }

    /// <summary>A percentage off the units a target picks, rounded per line (each line's units are priced alike).</summary>
    private long PercentOffUnits(PreparedBasket basket, decimal percent, UnitTarget target, bool[] eligible, long[] remaining, long[] alloc)
    {
        var left = (long)target.Units;
        var discount = 0L;
        foreach (var i in Items(basket, remaining, eligible, ascending: target.Pick == UnitPick.Cheapest))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(basket.Units[i], left);
            alloc[i] = (long)decimal.Round(remaining[i] * take * percent / (basket.Units[i] * 100m), 0, rounding);
            discount += alloc[i];
            left -= take;
        }

        return discount;
    }

    /// <summary>Spreads a discount (capped at the eligible sum) over eligible lines in proportion to what is left of them; largest remainder, ties to the lower line id.</summary>
    internal static long Proportional(long discount, long sum, bool[] eligible, long[] remaining, long[] alloc)
    {
        discount = Math.Min(discount, sum);
        if (discount <= 0)
        {
            return 0;
        }

        Span<long> remainders = remaining.Length <= 128 ? stackalloc long[remaining.Length] : new long[remaining.Length];
        var assigned = 0L;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (!eligible[i] || remaining[i] <= 0)
            {
                remainders[i] = -1;
                continue;
            }

            var product = (Int128)discount * remaining[i];
            alloc[i] = (long)(product / sum);
            remainders[i] = (long)(product % sum);
            assigned += alloc[i];
        }

        for (var left = discount - assigned; left > 0; left--)
        {
            var best = -1;
            for (var i = 0; i < remainders.Length; i++)
            {
                if (remainders[i] > 0 && (best < 0 || remainders[i] > remainders[best]))
                {
                    best = i;
                }
            }

            alloc[best]++;
            remainders[best] = -1;
        }

        return discount;
    }

    /// <summary>
    /// How many units a buy-N-get-M makes free, from which lines (<paramref name="mask"/>), and, for
    /// <see cref="BuyGetReading.AddFree"/>, how many free units the host still has to add. Counts only: it does not
    /// depend on line amounts, so it is the same at every place in a combination.
    /// </summary>
    internal static long BuyGetPlan(PreparedBasket basket, BuyGetBenefit b, bool[] eligible, out long counted, out bool[] mask, out long toAdd)
    {
        var free = b.FreeSkus is { Count: > 0 } skus ? skus : null;
        var n = basket.Count;
        mask = new bool[n];
        counted = 0;
        toAdd = 0;
        long freeIn = 0, freeOut = 0;
        for (var i = 0; i < n; i++)
        {
            var isFree = free is null ? eligible[i] : free.Contains(basket.Skus[i], StringComparer.Ordinal);
            mask[i] = isFree;
            if (eligible[i])
            {
                counted += basket.Units[i];
            }

            if (isFree)
            {
                if (eligible[i])
                {
                    freeIn += basket.Units[i];
                }
                else
                {
                    freeOut += basket.Units[i];
                }
            }
        }

        if (b.Reading == BuyGetReading.AddFree && !basket.InferAddedFree)
        {
            // The lines the host added for the coupon hold the free units and are not bought; every other eligible unit is.
            counted = 0;
            var present = 0L;
            for (var i = 0; i < n; i++)
            {
                if (eligible[i] && !basket.AddedFree[i])
                {
                    counted += basket.Units[i];
                }

                mask[i] = mask[i] && basket.AddedFree[i];
                if (mask[i])
                {
                    present += basket.Units[i];
                }
            }

            var owed = counted / b.Buy * b.Get;
            toAdd = Math.Max(0, owed - present);
            return Math.Min(owed, present);
        }

        if (b.Reading == BuyGetReading.AddFree)
        {
            // A recorded purchase does not say which lines were added free: take the most groups the units allow, free
            // units from outside the scope first, each free unit from inside the scope not counted as bought.
            // g groups need g·M free units (g·M ≤ free-SKU units) and g·N bought units besides the free ones taken
            // from the scope: g·N ≤ counted and g·(N + M) − freeOut ≤ counted. Closed form: a line may hold millions of units.
            var groups = Math.Min((freeIn + freeOut) / b.Get, Math.Min(counted / b.Buy, (counted + freeOut) / (b.Buy + b.Get)));
            return groups * b.Get;
        }

        // Every (N + M)-th eligible unit is free when the free units are eligible too (no free SKUs, or free SKUs in the
        // scope: "buy 2 latte get 1 latte"), since free units count as bought; every N eligible units give M of the
        // free SKUs when those are outside the scope ("buy 2 coffees get a cookie").
        return freeIn > 0 || free is null ? counted / (b.Buy + b.Get) * b.Get : counted / b.Buy * b.Get;
    }

    private static long BuyGet(PreparedBasket basket, BuyGetBenefit b, bool[] eligible, long[] remaining, long[] alloc, List<CouponReason>? reasons, ref bool failed)
    {
        var freeUnits = BuyGetPlan(basket, b, eligible, out var counted, out var mask, out var toAdd);
        if (toAdd > 0)
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.FreeUnitsToAdd, CouponReasonCodes.FreeUnitsToAdd, b.Buy, b.Get, toAdd, b.FreeSkus![0]);
            return 0;
        }

        if (freeUnits == 0)
        {
            // Every (N + M)-th unit needs N + M eligible units; otherwise N bought units give the free ones.
            var freeInScope = b.FreeSkus is not { Count: > 0 };
            for (var i = 0; i < mask.Length && !freeInScope; i++)
            {
                freeInScope = mask[i] && eligible[i];
            }

            var needed = b.Reading == BuyGetReading.EveryNthFree && freeInScope ? b.Buy + b.Get : b.Buy;
            Fail(ref failed, reasons, basket, CouponReasonCodes.NotEnoughItems, CouponReasonCodes.NotEnoughItems, b.Buy, b.Get, needed, counted);
            return 0;
        }

        if (b.FreeSkus is { Count: > 0 } free && !Array.Exists(mask, m => m))
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.GiftMissing, "Reason.GiftMissing.FreeItems", new TextList(free));
            return 0;
        }

        // The free units: the cheapest of those the plan allows.
        var discount = 0L;
        foreach (var i in Items(basket, remaining, mask, ascending: true))
        {
            if (freeUnits == 0)
            {
                break;
            }

            var take = (int)Math.Min(basket.Units[i], freeUnits);
            alloc[i] = RoundDiv(remaining[i] * take, basket.Units[i]);
            discount += alloc[i];
            freeUnits -= take;
        }

        return discount;
    }

    private long NthItem(PreparedBasket basket, NthItemBenefit n, bool[] eligible, long[] remaining, long[] alloc, List<CouponReason>? reasons, ref bool failed)
    {
        var lines = Items(basket, remaining, eligible, ascending: false);
        var units = 0L;
        foreach (var i in lines)
        {
            units += basket.Units[i];
        }

        if (units < n.N)
        {
            Fail(ref failed, reasons, basket, CouponReasonCodes.NotEnoughItems, "Reason.NotEnoughItems.NthItem", n.N, units);
            return 0;
        }

        // Items ranked dearest first; positions N, 2N, ... (1-based) get the discount: the cheaper of each pair for N = 2.
        var position = 0L;
        var discount = 0L;
        foreach (var i in lines)
        {
            var u = basket.Units[i];
            var hits = ((position + u) / n.N) - (position / n.N);
            position += u;
            if (hits > 0)
            {
                alloc[i] = (long)decimal.Round(remaining[i] * hits * n.Percent / (u * 100m), 0, rounding);
                discount += alloc[i];
            }
        }

        return discount;
    }

    private static long FixedPrice(PreparedBasket basket, FixedPriceBenefit f, bool[] eligible, long[] remaining, long[] alloc)
    {
        var price = f.Price.ToMinorUnits();
        var left = (long)(f.Target?.Units ?? f.MaxItems);
        var cheapest = f.Target?.Pick == UnitPick.Cheapest;
        var discount = 0L;
        foreach (var i in Items(basket, remaining, eligible, ascending: cheapest))
        {
            if (left == 0)
            {
                break;
            }

            var take = (int)Math.Min(basket.Units[i], left);
            var saving = RoundDiv(remaining[i] * take, basket.Units[i]) - (take * price);
            left -= take;
            if (saving <= 0)
            {
                // Never a negative discount. Dearest first, every item after this one is priced at or below the price
                // too; cheapest first, the picked units are the target whatever they cost, so this one just saves nothing.
                if (!cheapest)
                {
                    break;
                }

                continue;
            }

            alloc[i] = saving;
            discount += saving;
        }

        return discount;
    }

    /// <summary>Lines with whole quantities that match, sorted by what is left per item (then by line id): the items of item benefits.</summary>
    private static int[] Items(PreparedBasket basket, long[] remaining, bool[] include, bool ascending)
    {
        var count = 0;
        Span<int> buffer = stackalloc int[remaining.Length <= 256 ? remaining.Length : 0];
        var indexes = buffer.Length == remaining.Length ? buffer : new int[remaining.Length];
        for (var i = 0; i < remaining.Length; i++)
        {
            if (basket.Units[i] > 0 && include[i])
            {
                indexes[count++] = i;
            }
        }

        var result = indexes[..count].ToArray();

        // Insertion sort by per-item value (a cross-multiplication keeps it exact), stable so ties keep line-id order.
        for (var k = 1; k < result.Length; k++)
        {
            var x = result[k];
            var j = k - 1;
            while (j >= 0 && Before(basket, remaining, ascending, x, result[j]))
            {
                result[j + 1] = result[j];
                j--;
            }

            result[j + 1] = x;
        }

        return result;

        static bool Before(PreparedBasket basket, long[] remaining, bool ascending, int a, int b)
        {
            var left = (Int128)remaining[a] * basket.Units[b];
            var right = (Int128)remaining[b] * basket.Units[a];
            return ascending ? left < right : left > right;
        }
    }

    /// <summary>
    /// A minimum spend not met: by the basket, or only after the other discounts when the original amounts meet it.
    /// <paramref name="basis"/> says where the spend counts (eligible items, qualifying items, the order);
    /// <paramref name="originalSum"/> is the same lines' sum before any discount, or -1 when not known.
    /// </summary>
    private static void SpendFail(ref bool failed, List<CouponReason>? reasons, PreparedBasket basket, Money minimum, SpendBasis basis, long sum, long originalSum)
    {
        failed = true;
        if (reasons is null)
        {
            return;
        }

        var currency = basket.Currency;
        if (originalSum >= minimum.ToMinorUnits())
        {
            var key = basis switch { SpendBasis.Order => "Reason.MinimumNotMetAfterDiscounts.Order", SpendBasis.Qualifying => "Reason.MinimumNotMetAfterDiscounts.Qualifying", _ => CouponReasonCodes.MinimumNotMetAfterDiscounts };
            reasons.Add(CouponTexts.Variant(basket.Culture, CouponReasonCodes.MinimumNotMetAfterDiscounts, key, minimum, MinorUnits.ToMoney(originalSum, currency), MinorUnits.ToMoney(sum, currency)));
        }
        else
        {
            var key = basis switch { SpendBasis.Order => "Reason.MinimumSpend.Order", SpendBasis.Qualifying => "Reason.MinimumSpend.Qualifying", _ => CouponReasonCodes.MinimumSpend };
            reasons.Add(CouponTexts.Variant(basket.Culture, CouponReasonCodes.MinimumSpend, key, minimum, MinorUnits.ToMoney(sum, currency)));
        }
    }

    /// <summary>The sum of the lines in <paramref name="mask"/>, or of every line when it is <see langword="null"/>.</summary>
    private static long Sum(long[] amounts, bool[]? mask)
    {
        var sum = 0L;
        for (var i = 0; i < amounts.Length; i++)
        {
            if (mask is null || mask[i])
            {
                sum += amounts[i];
            }
        }

        return sum;
    }

    // A failure costs nothing more than the flag when no reason list is collected: the combination search applies
    // benefits thousands of times without one. The arguments are generic so that numbers and money are boxed, and
    // the sentence read from the resources and formatted, only when a reason is written.
    private static void Fail(ref bool failed, List<CouponReason>? reasons, PreparedBasket basket, string code, string? key = null)
    {
        failed = true;
        reasons?.Add(new CouponReason(code, CouponTexts.Format(basket.Culture, key ?? code)));
    }

    private static void Fail<T0>(ref bool failed, List<CouponReason>? reasons, PreparedBasket basket, string code, string key, T0 a0)
    {
        failed = true;
        reasons?.Add(CouponTexts.Variant(basket.Culture, code, key, a0));
    }

    private static void Fail<T0, T1>(ref bool failed, List<CouponReason>? reasons, PreparedBasket basket, string code, string key, T0 a0, T1 a1)
    {
        failed = true;
        reasons?.Add(CouponTexts.Variant(basket.Culture, code, key, a0, a1));
    }

    private static void Fail<T0, T1, T2, T3>(ref bool failed, List<CouponReason>? reasons, PreparedBasket basket, string code, string key, T0 a0, T1 a1, T2 a2, T3 a3)
    {
        failed = true;
        reasons?.Add(CouponTexts.Variant(basket.Culture, code, key, a0, a1, a2, a3));
    }

    private static long RoundDiv(long numerator, long denominator) => (long)decimal.Round((decimal)numerator / denominator, 0, MidpointRounding.AwayFromZero);

    private static LocalDateTime Local(Instant instant, DateTimeZone zone) => instant.InZone(zone).LocalDateTime;

    /// <summary>Where a minimum spend counts, which picks its sentence.</summary>
    private enum SpendBasis
    {
        Eligible,
        Qualifying,
        Order,
    }
}
