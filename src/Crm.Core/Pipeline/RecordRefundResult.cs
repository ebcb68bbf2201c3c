namespace Crm;

/// <summary>The result of <see cref="CrmManager.RecordRefundAsync"/>.</summary>
public sealed class RecordRefundResult : RecordResult
{
    internal RecordRefundResult(RecordStatus status, ActivityEntry entry, CustomerMetrics metrics, IReadOnlyList<object> outcomes)
        : base(status, entry, metrics, outcomes)
    {
    }

    /// <summary>Gets the amount given back by this refund.</summary>
    public Money RefundedAmount => Entry.Amount;
}
