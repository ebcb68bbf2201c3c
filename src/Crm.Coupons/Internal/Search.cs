namespace Crm.Coupons.Internal;

/// <summary>The best-combination search over candidates that apply alone, ordered by standalone saving (largest first).</summary>
internal sealed class Search(CouponEvaluator evaluator, PreparedBasket basket, Candidate[] ordered)
{
    private readonly long[] _remaining = new long[basket.Count];
    private readonly long[] _alloc = new long[basket.Count];
    private readonly List<Candidate> _current = [];
    private List<Candidate> _best = [];
    private long _bestTotal;

    /// <summary>
    /// Every compatible subset of at most <see cref="CouponEvaluator.MaxCouponsPerPurchase"/> coupons, each evaluated in
    /// benefit order. (A branch-and-bound cut on standalone savings was unsound: a property test found a basket where
    /// it missed the best set by 1.71 CNY.) Ties keep the first found, which has fewer coupons or larger savings first.
    /// </summary>
    public List<Candidate> Exact()
    {
        Dfs(0, 0);
        return _best;
    }

    /// <summary>Adds, one at a time, the compatible coupon that adds the most saving to those chosen, until none adds any or the maximum is reached.</summary>
    public List<Candidate> Greedy()
    {
        var total = 0L;
        while (_current.Count < evaluator.MaxCouponsPerPurchase)
        {
            Candidate? pick = null;
            var pickTotal = total;
            foreach (var candidate in ordered)
            {
                if (_current.Contains(candidate) || !Compatible(candidate))
                {
                    continue;
                }

                _current.Add(candidate);
                var t = evaluator.SequenceTotal(basket, _current, _remaining, _alloc);
                _current.RemoveAt(_current.Count - 1);
                if (t > pickTotal)
                {
                    pick = candidate;
                    pickTotal = t;
                }
            }

            if (pick is null)
            {
                break;
            }

            _current.Add(pick);
            total = pickTotal;
        }

        return [.. _current];
    }

    public CouponCombination Describe(List<Candidate> chosen, bool exact)
    {
        var evaluations = new List<CouponEvaluation>(chosen.Count);
        Array.Copy(basket.Amounts, _remaining, basket.Count);
        var delivery = basket.DeliveryFee;
        var total = 0L;
        foreach (var candidate in chosen.OrderBy(c => c.Rank))
        {
            var d = evaluator.Apply(basket, candidate, _remaining, delivery, _alloc, null);
            evaluations.Add(evaluator.ToEvaluation(basket, candidate, d, _alloc, []));
            CouponEvaluator.Subtract(candidate, _remaining, ref delivery, _alloc, d);
            total += d;
        }

        var leftOut = new Dictionary<string, CouponReason>(StringComparer.Ordinal);
        foreach (var candidate in ordered)
        {
            if (chosen.Contains(candidate))
            {
                continue;
            }

            var conflict = chosen.FirstOrDefault(c => Conflicts(c, candidate));
            leftOut[candidate.Id] = conflict is not null
                ? new CouponReason(CouponReasonCodes.NotCombinable, $"not combinable with {conflict.Id}")
                : chosen.Count >= evaluator.MaxCouponsPerPurchase
                    ? new CouponReason(CouponReasonCodes.MaxCoupons, $"at most {evaluator.MaxCouponsPerPurchase} coupons per purchase")
                    : new CouponReason(CouponReasonCodes.NotBest, "the best combination saves more without it");
        }

        return new CouponCombination(evaluations, MinorUnits.ToMoney(total, basket.Currency), exact, leftOut);
    }

    internal static bool Conflicts(Candidate a, Candidate b) =>
        a.Template.Stacking.Exclusive || b.Template.Stacking.Exclusive
        || (a.Template.Stacking.Group is { } g && string.Equals(g, b.Template.Stacking.Group, StringComparison.Ordinal));

    private bool Compatible(Candidate candidate)
    {
        foreach (var c in _current)
        {
            if (Conflicts(c, candidate))
            {
                return false;
            }
        }

        return true;
    }

    private void Dfs(int start, long total)
    {
        if (total > _bestTotal)
        {
            _bestTotal = total;
            _best = [.. _current];
        }

        var room = evaluator.MaxCouponsPerPurchase - _current.Count;
        if (room == 0 || start >= ordered.Length)
        {
            return;
        }

        for (var i = start; i < ordered.Length; i++)
        {
            var candidate = ordered[i];
            if (!Compatible(candidate))
            {
                continue;
            }

            _current.Add(candidate);
            var t = evaluator.SequenceTotal(basket, _current, _remaining, _alloc);
            Dfs(i + 1, t);
            _current.RemoveAt(_current.Count - 1);
        }
    }
}
