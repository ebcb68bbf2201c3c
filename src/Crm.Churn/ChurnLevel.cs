namespace Crm.Churn;

/// <summary>How strongly a customer is at risk of churning, from the score and the policy's thresholds.</summary>
public enum ChurnLevel
{
    /// <summary>Below every threshold.</summary>
    None = 0,

    /// <summary>At or above <see cref="ChurnLevelThresholds.Watch"/>.</summary>
    Watch = 1,

    /// <summary>At or above <see cref="ChurnLevelThresholds.Warning"/>.</summary>
    Warning = 2,

    /// <summary>At or above <see cref="ChurnLevelThresholds.Critical"/>.</summary>
    Critical = 3,
}
