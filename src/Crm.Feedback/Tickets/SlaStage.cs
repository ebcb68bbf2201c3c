namespace Crm.Feedback;

/// <summary>Which SLA of a complaint ticket.</summary>
public enum SlaStage
{
    /// <summary>The acknowledge SLA.</summary>
    Acknowledge = 1,

    /// <summary>The resolve SLA.</summary>
    Resolve = 2,
}
