using System.Globalization;
using Crm.Points.Internal;

namespace Crm.Points;

public sealed partial class PointsManager
{
    /// <summary>Earns the points of a purchase in its unit of work; called by the purchase handler.</summary>
    /// <param name="context">The purchase context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What the purchase earned, and why; on a replay, what the first recording earned.</returns>
    /// <remarks>The purchase earns at the tier the customer held when it started (<see cref="HandlerContext.GetTierAtStartAsync"/>), and reports its points on <see cref="HandlerContext.PointsAwarded"/> for membership.</remarks>
    internal async ValueTask<PointsAward> OnPurchaseAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        var entry = context.Entry;
        var customerId = entry.CustomerId;
        var key = "purchase:" + entry.Id;
        var store = context.UnitOfWork.GetStore<IPointsLedgerStore>();
        if (context.IsReplay)
        {
            var earlier = await store.FindWriteAsync(customerId, key, cancellationToken).ConfigureAwait(false);
            var earned = LedgerMath.Sum(earlier, PointsEntryKind.Earn);
            context.PointsAwarded = earned;
            var reason = earlier.FirstOrDefault(e => e.Kind == PointsEntryKind.Earn)?.Reason;
            return new PointsAward { PurchaseId = entry.Id, Points = earned, Explanation = reason is null ? [] : EarnEvaluation.ParseContributions(reason), IsReplay = true, Entries = earlier };
        }

        var tier = _needsTier ? await context.GetTierAtStartAsync(cancellationToken).ConfigureAwait(false) : null;
        var birthday = _needsBirthday ? (await context.UnitOfWork.GetStore<ICustomerStore>().FindAsync(customerId, cancellationToken).ConfigureAwait(false))?.Birthday : null;
        var account = await store.FindAsync(customerId, includeLots: false, cancellationToken).ConfigureAwait(false) ?? new PointsAccount { CustomerId = customerId };
        EarnEvaluation evaluation;
        try
        {
            evaluation = _rules.Evaluate(entry.Lines, entry.OccurredAt, _zone, tier, context.MetricsBefore.PurchaseCount == 0, birthday, account.Counters, _settings.Culture);
        }
        catch (OverflowException)
        {
            throw new CrmValidationException(PointsErrorCodes.AmountTooLarge, "points", $"Purchase {entry.Id} earns more points by the rules than can be counted.");
        }

        var points = evaluation.Points;
        RequireWithinChange(points, "points");
        RequireWithinBalance(account, points);
        var counters = UpdateCounters(account.Counters, evaluation, entry.OccurredAt);
        var write = LedgerMath.Credit(account, key, PointsEntryKind.Earn, points, entry.OccurredAt, entry.OccurredAt + _pending, ExpiresAt(entry.OccurredAt), evaluation.ToString(), null, counters, _settings.Culture);
        await store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
        if (!points.IsZero)
        {
            PointsTelemetry.Earned.Add(points.Value);
        }

        context.PointsAwarded = points;
        return new PointsAward { PurchaseId = entry.Id, Points = points, Explanation = evaluation.Contributions, IsReplay = false, Entries = write.Entries };
    }

    /// <summary>Reverses, in the refund's unit of work, the points its purchase earned in proportion to the amount refunded; called by the refund handler.</summary>
    /// <param name="context">The refund context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was reversed, or <see langword="null"/> when the purchase earned no points; on a replay, what the first recording reversed.</returns>
    /// <remarks>
    /// The purchase's refunds together reverse floor(award × refunded so far / paid) points, never more than it earned,
    /// where paid and refunded count only the lines that earn points (lines in an excluded category or SKU neither earn
    /// nor take back; with today's rules).
    /// Points are taken from the purchase's own lot first (pending or past its expiry alike); for its points that the
    /// expiry job removed unspent the expiry is undone (an <see cref="PointsEntryKind.Expiry"/> entry with positive
    /// points), so they cost nothing twice; the rest was spent and is taken from the lots that expire first, and what is
    /// missing is owed as <see cref="RefundDebtPolicy"/> says.
    /// </remarks>
    internal async ValueTask<PointsReversal?> OnRefundAsync(RefundContext context, CancellationToken cancellationToken)
    {
        var refund = context.Entry;
        var purchase = context.PurchaseEntry;
        var customerId = refund.CustomerId;
        var key = "refund:" + refund.Id;
        var store = context.UnitOfWork.GetStore<IPointsLedgerStore>();
        if (context.IsReplay)
        {
            var earlier = await store.FindWriteAsync(customerId, key, cancellationToken).ConfigureAwait(false);
            if (earlier.Count == 0)
            {
                return null;
            }

            var reversed = -LedgerMath.Sum(earlier, PointsEntryKind.Reversal);
            context.PointsAwarded = -reversed;
            return new PointsReversal { RefundId = refund.Id, PurchaseId = purchase.Id, Points = reversed, Expired = LedgerMath.Sum(earlier, PointsEntryKind.Expiry), Debt = LedgerMath.Sum(earlier, PointsEntryKind.DebtRecorded), IsReplay = true, Entries = earlier };
        }

        var lotId = "purchase:" + purchase.Id;
        var account = await store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false);
        var lot = account is null ? null : account.Lots.FirstOrDefault(l => l.LotId == lotId) ?? await store.FindLotAsync(customerId, lotId, cancellationToken).ConfigureAwait(false);
        if (account is null || lot is null)
        {
            return null;
        }

        var (write, delta, lapsed, unpaid) = Reversal(context, account, lot, key);
        await store.AppendAsync(customerId, write, cancellationToken).ConfigureAwait(false);
        PointsTelemetry.Reversed.Add(delta);
        context.PointsAwarded = new PointAmount(-delta);
        return new PointsReversal { RefundId = refund.Id, PurchaseId = purchase.Id, Points = new PointAmount(delta), Expired = new PointAmount(lapsed), Debt = new PointAmount(unpaid), IsReplay = false, Entries = write.Entries };
    }

    /// <summary>The write that reverses a refund's share of its purchase's lot, with the points reversed, the expiry undone and the points owed.</summary>
    private (PointsWrite Write, long Delta, long Lapsed, long Unpaid) Reversal(RefundContext context, PointsAccount account, PointsLot lot, string key)
    {
        var refund = context.Entry;
        var purchase = context.PurchaseEntry;

        // The share is of what earned points: returning a deposit or a gift card takes nothing back. A purchase that
        // earned only bonuses on excluded lines falls back to the share of its whole amount.
        var paid = _rules.EarningMinorUnits(purchase.Lines);
        var returned = _rules.EarningMinorUnits(refund.Lines);
        if (paid <= 0)
        {
            paid = purchase.Amount.ToMinorUnits();
            returned = refund.Amount.ToMinorUnits();
        }

        var refunded = lot.RefundedMinorUnits + returned;
        var target = paid <= 0 || refunded >= paid ? lot.Awarded.Value : (long)((Int128)lot.Awarded.Value * refunded / paid);
        var delta = Math.Max(0, target - lot.Reversed.Value);
        var lots = account.Lots.Where(l => !string.Equals(l.LotId, lot.LotId, StringComparison.Ordinal)).ToList();

        // The purchase's own points go first, pending or past their expiry alike; then the points of it that expired
        // unspent, which the expiry job already took (reversing them costs nothing); only the rest was spent.
        var takenOwn = Math.Min(delta, lot.Remaining.Value);
        var lapsed = Math.Min(delta - takenOwn, lot.Expired.Value);
        var own = lot with
        {
            Remaining = lot.Remaining - new PointAmount(takenOwn),
            Expired = lot.Expired - new PointAmount(lapsed),
            Reversed = lot.Reversed + new PointAmount(delta),
            RefundedMinorUnits = refunded,
        };
        var changed = new List<PointsLot> { own };
        var taken = takenOwn + LedgerMath.Take(lots, delta - takenOwn - lapsed, context.Now, includePending: true, changed);
        var unpaid = delta - lapsed - taken;
        var debtPolicy = _options.RefundPolicy == RefundDebtPolicy.Debt;
        var culture = _settings.Culture;
        var text = Texts.Format(culture, "Ledger.RefundReversed", refund.Id, purchase.Id, refund.Amount, purchase.Amount, delta, lot.Awarded.Value);
        var entries = new List<PointsEntry>(3)
        {
            // The whole share is reversed, so points earned stay net of refunds (membership counts them).
            LedgerMath.NewEntry(account, 0, key, PointsEntryKind.Reversal, -delta, context.Now, purchase.OccurredAt, text, null),
        };
        if (lapsed > 0)
        {
            // The expired part was removed once already: its expiry is undone rather than charged twice.
            entries.Add(LedgerMath.NewEntry(account, entries.Count, key, PointsEntryKind.Expiry, lapsed, context.Now, context.Now, Texts.Format(culture, "Ledger.RefundExpiryUndone", refund.Id, lapsed), null));
        }

        if (debtPolicy && unpaid > 0)
        {
            entries.Add(LedgerMath.NewEntry(account, entries.Count, key, PointsEntryKind.DebtRecorded, unpaid, context.Now, context.Now, Texts.Format(culture, "Ledger.RefundDebt", refund.Id, unpaid), null));
        }

        var write = new PointsWrite
        {
            Key = key,
            ExpectedVersion = account.Version,
            Entries = entries,
            Lots = changed,
            Account = account with
            {
                EntryCount = account.EntryCount + entries.Count,
                Balance = account.Balance - new PointAmount(delta - lapsed) + new PointAmount(debtPolicy ? unpaid : 0),
                LotPoints = account.LotPoints - new PointAmount(taken),
                Debt = account.Debt + new PointAmount(debtPolicy ? unpaid : 0),
                Lots = [],
            },
        };
        return (write, delta, lapsed, unpaid);
    }
}
