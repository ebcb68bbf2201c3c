namespace Crm.Churn;

/// <summary>What the win-back step of an evaluation did.</summary>
public enum WinBackStatus
{
    /// <summary>Nothing to do: no level reached, or no action configured for the levels reached.</summary>
    None = 0,

    /// <summary>An action ran now.</summary>
    ActionTaken = 1,

    /// <summary>The action for this level already ran in this episode.</summary>
    Replayed = 2,

    /// <summary>An action was due but the cool-down since the last one has not passed.</summary>
    CoolingDown = 3,

    /// <summary>An action was due but the customer consented to none of its channels.</summary>
    NoConsent = 4,

    /// <summary>The coupon issuer said no (for example an exhausted budget, or a template removed); the action will be tried again. The refusal is logged, counted and its reason is in <see cref="ChurnEvaluation.IssueFailureReason"/>.</summary>
    IssueFailed = 5,
}
