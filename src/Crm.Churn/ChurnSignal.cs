namespace Crm.Churn;

/// <summary>The signals a churn assessment combines.</summary>
public enum ChurnSignal
{
    /// <summary>Days since the last purchase exceed the policy's multiple of the customer's median gap between purchase days.</summary>
    Cadence = 1,

    /// <summary>Purchases in the latest window fell against the window before.</summary>
    FrequencyDrop = 2,

    /// <summary>The fitted BG/NBD model's probability that the customer is no longer alive.</summary>
    Model = 3,

    /// <summary>Unresolved negative feedback (a complaint the host reported).</summary>
    Feedback = 4,
}
