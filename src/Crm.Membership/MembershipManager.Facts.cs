using NodaTime;

namespace Crm.Membership;

public sealed partial class MembershipManager
{
    /// <summary>Upgrades a member whose window totals, this purchase and its points included, reach a higher tier; in the purchase's unit of work.</summary>
    /// <param name="context">The purchase context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier before and after, the change and the totals judged; on a replay, what the first recording did.</returns>
    internal async Task<MembershipOutcome> OnPurchaseAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        var entry = context.Entry;
        if (context.IsReplay)
        {
            return await ReplayAsync(context, "upgrade:" + entry.Id, cancellationToken).ConfigureAwait(false);
        }

        var unit = context.UnitOfWork;
        var store = unit.GetStore<IMembershipStore>();
        var state = await store.FindAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false) ?? NewMember(entry.CustomerId, entry.OccurredAt);
        var totals = await TotalsAsync(entry.CustomerId, state, entry.OccurredAt, unit, context, cancellationToken).ConfigureAwait(false);
        var rank = RankOf(state.Tier);
        var qualifying = _evaluator.QualifyingRank(totals);
        var after = state;
        TierChange? change = null;
        TierBenefitFailure? refused = null;

        // A new member's record is created at their first purchase, in the tier their totals reach (the entry tier without a change).
        if (state.Version == 0 || qualifying > rank)
        {
            change = qualifying == 0
                ? null
                : new TierChange { CustomerId = entry.CustomerId, From = state.Version == 0 ? null : state.Tier, To = Policy.Tiers[qualifying].Name, Reason = TierChangeReason.Upgrade, OccurredAt = entry.OccurredAt, Explanation = _evaluator.Explain(totals, qualifying, entry.OccurredAt, state, _settings.Culture), Key = $"upgrade:{entry.Id}" };
            after = await store.SaveAsync(Reached(state, qualifying, entry.OccurredAt), state.Version, change, cancellationToken).ConfigureAwait(false);
            Announce(context, change);
            if (change is not null && Policy.Tiers[qualifying].Benefits.WelcomeCouponTemplateId is { } welcome)
            {
                // The welcome gift commits with the upgrade: granted once, or not at all. A refusal does not stop the
                // upgrade; it is reported in the outcome, logged and counted (here, inside the fact's unit: the front
                // door has no hook after its commit, so a unit retried after a conflict reports the refusal again).
                refused = (await GrantAsync(unit, entry.CustomerId, after.Tier, welcome, CouponIssueReason.TierBenefit, $"welcome:{after.Tier}:{after.ReachedAt.ToUnixTimeTicks()}", entry.OccurredAt, context.Publish, cancellationToken).ConfigureAwait(false)).Failure;
                if (refused is not null)
                {
                    Report(refused);
                }
            }
        }

        context.TierAfter = TierOf(after, entry.OccurredAt);
        return new MembershipOutcome { TierBefore = state.Tier, TierAfter = after.Tier, Change = change, Totals = totals, FailedBenefits = refused is null ? [] : [refused] };
    }

    /// <summary>Downgrades at once, when the policy says so, a member whose totals without the refunded amount no longer reach their tier; in the refund's unit of work.</summary>
    /// <param name="context">The refund context from <see cref="CrmManager"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier before and after, the change and the totals judged; <see langword="null"/> when refunds never downgrade.</returns>
    internal async Task<MembershipOutcome?> OnRefundAsync(RefundContext context, CancellationToken cancellationToken)
    {
        if (Policy.RefundPolicy != RefundDowngradePolicy.Immediate)
        {
            return null;
        }

        var entry = context.Entry;
        if (context.IsReplay)
        {
            return await ReplayAsync(context, "refund:" + entry.Id, cancellationToken).ConfigureAwait(false);
        }

        var unit = context.UnitOfWork;
        var store = unit.GetStore<IMembershipStore>();
        var state = await store.FindAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false) ?? NewMember(entry.CustomerId, entry.OccurredAt);
        var totals = await TotalsAsync(entry.CustomerId, state, entry.OccurredAt, unit, context, cancellationToken).ConfigureAwait(false);
        var qualifying = _evaluator.QualifyingRank(totals);
        var after = state;
        TierChange? change = null;
        if (state.Version > 0 && qualifying < RankOf(state.Tier))
        {
            change = new TierChange { CustomerId = entry.CustomerId, From = state.Tier, To = Policy.Tiers[qualifying].Name, Reason = TierChangeReason.RefundDowngrade, OccurredAt = entry.OccurredAt, Explanation = _evaluator.Explain(totals, qualifying, entry.OccurredAt, state, _settings.Culture), Key = $"refund:{entry.Id}" };
            after = await store.SaveAsync(Reached(state, qualifying, entry.OccurredAt), state.Version, change, cancellationToken).ConfigureAwait(false);
            Announce(context, change);
        }

        context.TierAfter = TierOf(after, entry.OccurredAt);
        return new MembershipOutcome { TierBefore = state.Tier, TierAfter = after.Tier, Change = change, Totals = totals };
    }

    /// <summary>What the first recording of a fact did: its change in the history (by key), else the earned tier then; the totals as the records stand now.</summary>
    private async Task<MembershipOutcome> ReplayAsync(HandlerContext context, string key, CancellationToken cancellationToken)
    {
        var entry = context.Entry;
        var store = context.UnitOfWork.GetStore<IMembershipStore>();
        var state = await store.FindAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false);
        var history = await store.GetHistoryAsync(entry.CustomerId, cancellationToken).ConfigureAwait(false);
        var change = history.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.Ordinal));
        var earned = change?.To
            ?? history.LastOrDefault(c => c.OccurredAt <= entry.OccurredAt && c.Reason is not (TierChangeReason.OverrideSet or TierChangeReason.OverrideEnded))?.To
            ?? Policy.Tiers[0].Name;
        var totals = await TotalsAsync(entry.CustomerId, state, entry.OccurredAt, context.UnitOfWork, null, cancellationToken).ConfigureAwait(false);
        var rank = RankOf(earned);
        context.TierAfter = new CustomerTier(Policy.Tiers[rank].Name, rank, Policy.Tiers[rank].Benefits.PointsMultiplier);
        // A change without a tier before it created the member's record: the member was in the entry tier.
        return new MembershipOutcome { TierBefore = change is null ? earned : change.From ?? Policy.Tiers[0].Name, TierAfter = earned, Change = change, Totals = totals };
    }

    private MemberState NewMember(CustomerId id, Instant at) => new() { CustomerId = id, Tier = Policy.Tiers[0].Name, ReachedAt = at };

    /// <summary>The tier a record gives at an instant (an override while it lasts), as other packages see it.</summary>
    private CustomerTier TierOf(MemberState state, Instant at)
    {
        var rank = RankOf(state.EffectiveTier(at));
        var tier = Policy.Tiers[rank];
        return new CustomerTier(tier.Name, rank, tier.Benefits.PointsMultiplier);
    }

    /// <summary>Publishes a change once the fact commits.</summary>
    private static void Announce(HandlerContext context, TierChange? change)
    {
        if (change is not null)
        {
            MembershipTelemetry.TierChanges.Add(1, new KeyValuePair<string, object?>("reason", change.Reason.ToString()));
            context.Publish(ChangedEvent(change.CustomerId, change));
        }
    }
}
