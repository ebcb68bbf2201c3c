namespace Crm.Coupons.Internal;

/// <summary>
/// The best-combination search: which coupons and in which order they apply. Candidates are the coupons that apply
/// alone, ordered by standalone saving (largest first, then coupon id) so the search finds large savings early.
/// </summary>
/// <remarks>
/// <para>
/// The order matters: a 5.00 off spread over A and B followed by a 10.00 off on A saves less than the other way round,
/// because the spread part on A is then covered by the 10.00. So the search is over sequences, not sets: a depth-first
/// search that appends one coupon at a time to what the earlier ones left of the lines. <see cref="BenefitOrder"/> is a
/// rule of the programme, not a preference: every amount benefit comes before every percentage
/// (<see cref="BenefitOrder.AmountOffFirst"/>) or the reverse; within a class any order is tried.
/// </para>
/// <para>
/// Cut: a coupon saves at most its standalone saving in any sequence, plus, for item benefits and unit targets, one
/// minor unit per line for per-line rounding. That holds because every benefit saves no more on line amounts that are
/// each no larger (amounts only go down), and every line amount a coupon sees in a sequence is at most the basket's.
/// It does not assume that what a coupon leaves of the lines goes down with what it is given: it does not (a fixed
/// price given a cheaper line picks another one). The earlier set search stopped extending a set in which a coupon
/// saved nothing, although a coupon added later but ranked before it changes what it sees; that is the likely cause of
/// the 1.71 CNY miss its property test found. A branch whose total plus the largest bounds still addable cannot beat the
/// best found is cut, and so is a coupon whose own bound cannot.
/// </para>
/// <para>
/// Exhaustive over orders is exponential, so the search counts benefit applications and stops at a budget; the result
/// is then the best found and not proven (<see cref="CouponCombination.IsExact"/> false). With the default of 3 coupons
/// per purchase, 20 applicable coupons have at most 7,240 sequences, well inside the budget before any cut.
/// </para>
/// </remarks>
internal sealed class Search
{
    private readonly CouponEvaluator _evaluator;
    private readonly PreparedBasket _basket;
    private readonly Candidate[] _ordered;
    private readonly int _max;
    private readonly int _limit;
    private readonly int[] _class;
    private readonly long[] _bound;
    private readonly bool[,] _conflicts;
    private readonly long[][] _remaining;
    private readonly long[] _delivery;
    private readonly long[] _alloc;
    private readonly bool[] _used;
    private readonly int[] _sequence;
    private readonly long[] _top;
    private int[] _best = [];
    private long _bestTotal;
    private int _applications;
    private int _topCount;

    public Search(CouponEvaluator evaluator, PreparedBasket basket, Candidate[] ordered, BenefitOrder order, int maxCoupons, int limit)
    {
        _evaluator = evaluator;
        _basket = basket;
        _ordered = ordered;
        _max = Math.Min(maxCoupons, ordered.Length);
        _limit = limit;
        var n = ordered.Length;
        _class = new int[n];
        _bound = new long[n];
        _conflicts = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            _class[i] = ClassOf(ordered[i].Template.Benefit, order);
            _bound[i] = ordered[i].Standalone + (IsProportional(ordered[i].Template.Benefit) ? 0 : basket.Count);
            for (var j = 0; j < n; j++)
            {
                _conflicts[i, j] = i != j && Conflicts(ordered[i], ordered[j]);
            }
        }

        _remaining = new long[_max + 1][];
        for (var d = 0; d <= _max; d++)
        {
            _remaining[d] = new long[basket.Count];
        }

        Array.Copy(basket.Amounts, _remaining[0], basket.Count);
        _delivery = new long[_max + 1];
        _delivery[0] = basket.DeliveryFee;
        _alloc = new long[basket.Count];
        _used = new bool[n];
        _sequence = new int[_max];
        _top = new long[_max];
    }

    /// <summary>Gets a value indicating whether the search ran out of its budget (the result is the best found, not proven).</summary>
    public bool Exhausted { get; private set; }

    /// <summary>The class of a benefit in the application order: 0 applies before 1.</summary>
    public static int ClassOf(CouponBenefit benefit, BenefitOrder order) => benefit.IsPercentage == (order == BenefitOrder.AmountOffFirst) ? 1 : 0;

    public static bool Conflicts(Candidate a, Candidate b) =>
        a.Template.Stacking.Exclusive || b.Template.Stacking.Exclusive
        || (a.Template.Stacking.Group is { } g && string.Equals(g, b.Template.Stacking.Group, StringComparison.Ordinal));

    /// <summary>Finds the sequence that saves the most; of equal totals, the first found (the search tries larger standalone savings first, then lower coupon ids).</summary>
    public List<Candidate> Run()
    {
        if (_max > 0)
        {
            Dfs(0, 0, 0);
        }

        return [.. _best.Select(i => _ordered[i])];
    }

    /// <summary>The chosen coupons in application order with their discounts, and why each other applicable coupon was left out.</summary>
    public CouponCombination Describe(List<Candidate> chosen, BenefitOrder order)
    {
        var evaluations = new List<CouponEvaluation>(chosen.Count);
        var remaining = (long[])_basket.Amounts.Clone();
        var delivery = _basket.DeliveryFee;
        var total = 0L;
        foreach (var candidate in chosen)
        {
            var d = _evaluator.Apply(_basket, candidate, remaining, delivery, _alloc, null);
            evaluations.Add(_evaluator.ToEvaluation(_basket, candidate, d, _alloc, []));
            CouponEvaluator.Subtract(candidate, remaining, ref delivery, _alloc, d);
            total += d;
        }

        var leftOut = new Dictionary<string, CouponReason>(StringComparer.Ordinal);
        foreach (var candidate in _ordered)
        {
            if (chosen.Contains(candidate))
            {
                continue;
            }

            var conflict = chosen.FirstOrDefault(c => Conflicts(c, candidate));
            if (conflict is not null)
            {
                leftOut[candidate.Id] = CouponTexts.Reason(_basket.Culture, CouponReasonCodes.NotCombinable, conflict.Id);
            }
            else if (chosen.Count >= _evaluator.MaxCouponsPerPurchase)
            {
                leftOut[candidate.Id] = CouponTexts.Reason(_basket.Culture, CouponReasonCodes.MaxCoupons, _evaluator.MaxCouponsPerPurchase);
            }
            else
            {
                // Say why when the reason is a minimum that the chosen coupons' discounts took the basket below: "not best"
                // would send staff looking for a better coupon that is not there.
                var reasons = new List<CouponReason>();
                _evaluator.Apply(_basket, candidate, remaining, delivery, _alloc, reasons, _basket.Amounts);
                leftOut[candidate.Id] = reasons.FirstOrDefault(r => r.Code == CouponReasonCodes.MinimumNotMetAfterDiscounts)
                    ?? CouponTexts.Reason(_basket.Culture, CouponReasonCodes.NotBest);
            }
        }

        return new CouponCombination(evaluations, MinorUnits.ToMoney(total, _basket.Currency), !Exhausted, leftOut, order);
    }

    /// <summary>Whether the discount of a benefit is computed on the eligible sum alone (no per-line rounding).</summary>
    private static bool IsProportional(CouponBenefit benefit) =>
        benefit is AmountOffBenefit or ThresholdBenefit or LadderBenefit or DeliveryFeeOffBenefit or PercentOffBenefit { Target: null };

    private void Dfs(int depth, long total, int lastClass)
    {
        if (total > _bestTotal)
        {
            _bestTotal = total;
            _best = _sequence[..depth];
        }

        var room = _max - depth;
        if (room == 0 || total + Bound(room, lastClass) <= _bestTotal)
        {
            return;
        }

        // What the other room - 1 coupons could add at most (the largest bounds, which may include the one tried): a
        // coupon whose own bound cannot lift the total above the best is not even applied.
        var rest = 0L;
        for (var k = 0; k < room - 1 && k < _topCount; k++)
        {
            rest += _top[k];
        }

        var remaining = _remaining[depth];
        for (var i = 0; i < _ordered.Length; i++)
        {
            if (!Addable(i, depth, lastClass) || total + _bound[i] + rest <= _bestTotal)
            {
                continue;
            }

            if (++_applications > _limit)
            {
                Exhausted = true;
                return;
            }

            var candidate = _ordered[i];
            var d = _evaluator.Apply(_basket, candidate, remaining, _delivery[depth], _alloc, null);
            if (d <= 0)
            {
                // Nothing after it changes what it saves here, so a sequence with it at this place is no better than without it.
                continue;
            }

            var next = _remaining[depth + 1];
            Array.Copy(remaining, next, remaining.Length);
            var delivery = _delivery[depth];
            CouponEvaluator.Subtract(candidate, next, ref delivery, _alloc, d);
            _delivery[depth + 1] = delivery;
            _used[i] = true;
            _sequence[depth] = i;
            Dfs(depth + 1, total + d, _class[i]);
            _used[i] = false;
            if (Exhausted)
            {
                return;
            }
        }
    }

    private bool Addable(int i, int depth, int lastClass)
    {
        if (_used[i] || _class[i] < lastClass)
        {
            return false;
        }

        for (var k = 0; k < depth; k++)
        {
            if (_conflicts[_sequence[k], i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sum of the <paramref name="room"/> largest bounds among coupons still addable; leaves them, descending, in <c>_top</c>.</summary>
    private long Bound(int room, int lastClass)
    {
        var depth = _max - room;
        var count = 0;
        for (var i = 0; i < _ordered.Length; i++)
        {
            if (!Addable(i, depth, lastClass))
            {
                continue;
            }

            // Keep the largest `room` bounds, descending, by insertion: room is the coupons per purchase left, a handful.
            var b = _bound[i];
            if (count == room && b <= _top[count - 1])
            {
                continue;
            }

            var j = count < room ? count++ : count - 1;
            while (j > 0 && _top[j - 1] < b)
            {
                _top[j] = _top[j - 1];
                j--;
            }

            _top[j] = b;
        }

        _topCount = count;
        var sum = 0L;
        for (var k = 0; k < count; k++)
        {
            sum += _top[k];
        }

        return sum;
    }
}
