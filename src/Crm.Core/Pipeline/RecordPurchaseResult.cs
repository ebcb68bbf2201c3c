namespace Crm;

/// <summary>The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</summary>
public sealed class RecordPurchaseResult : RecordResult
{
    internal RecordPurchaseResult(RecordStatus status, ActivityEntry entry, CustomerMetrics metrics, IReadOnlyList<object> outcomes)
        : base(status, entry, metrics, outcomes)
    {
    }
}
