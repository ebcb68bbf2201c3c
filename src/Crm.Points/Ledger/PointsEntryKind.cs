namespace Crm.Points;

/// <summary>What a ledger entry records.</summary>
public enum PointsEntryKind
{
    /// <summary>Points earned by a purchase (bonuses of the purchase included).</summary>
    Earn = 1,

    /// <summary>Points awarded for an event the host reported.</summary>
    EventAward = 2,

    /// <summary>Points spent on a reward.</summary>
    Redemption = 3,

    /// <summary>Points a refund took back from what its purchase earned.</summary>
    Reversal = 4,

    /// <summary>Points of a reversal that could not be taken back and are owed as debt (<see cref="RefundDebtPolicy.Debt"/>); positive, because the reversal took them out of the balance.</summary>
    DebtRecorded = 5,

    /// <summary>Points of a later earning that settled a debt.</summary>
    DebtSettled = 6,

    /// <summary>Points that expired (negative); positive when a refund of their purchase undoes the expiry, having reversed them with the rest of its award.</summary>
    Expiry = 7,

    /// <summary>A manual adjustment by an operator.</summary>
    Adjustment = 8,
}
