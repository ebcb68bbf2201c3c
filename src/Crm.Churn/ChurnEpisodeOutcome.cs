namespace Crm.Churn;

/// <summary>How a churn episode ended.</summary>
public enum ChurnEpisodeOutcome
{
    /// <summary>Still open: the customer has not purchased since it started.</summary>
    Open = 0,

    /// <summary>The customer purchased within the win-back window after the first win-back action.</summary>
    WonBack = 1,

    /// <summary>The customer purchased, but with no win-back action or after the window.</summary>
    Returned = 2,
}
