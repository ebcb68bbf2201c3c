namespace Crm.Points;

/// <summary>What a refund does when the points its purchase earned were already spent.</summary>
public enum RefundDebtPolicy
{
    /// <summary>Take back what is available and record the rest as a debt (<see cref="PointsAccount.Debt"/>), which later earnings settle first. The balance never goes negative.</summary>
    Debt = 0,

    /// <summary>Take back everything: the balance may go negative, and later earnings bring it back up.</summary>
    NegativeBalance = 1,
}
