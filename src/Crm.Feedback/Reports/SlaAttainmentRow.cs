namespace Crm.Feedback;

/// <summary>
/// How a store kept its complaint SLAs for the tickets opened in a report's range: of the stages decided (done, or past
/// due when not done), how many were done on time. A stage neither done nor due yet is not counted.
/// </summary>
/// <param name="StoreId">The store.</param>
/// <param name="Tickets">The tickets opened.</param>
/// <param name="AcknowledgeDecided">Tickets whose acknowledge stage is decided.</param>
/// <param name="AcknowledgedOnTime">Of those, acknowledged by the due instant.</param>
/// <param name="ResolveDecided">Tickets whose resolve stage is decided.</param>
/// <param name="ResolvedOnTime">Of those, resolved or closed by the due instant.</param>
public sealed record SlaAttainmentRow(string StoreId, int Tickets, int AcknowledgeDecided, int AcknowledgedOnTime, int ResolveDecided, int ResolvedOnTime)
{
    /// <summary>Gets the share of decided acknowledge stages met, 0 to 1, or <see langword="null"/> when none is decided.</summary>
    public double? AcknowledgeAttainment => AcknowledgeDecided == 0 ? null : (double)AcknowledgedOnTime / AcknowledgeDecided;

    /// <summary>Gets the share of decided resolve stages met, 0 to 1, or <see langword="null"/> when none is decided.</summary>
    public double? ResolveAttainment => ResolveDecided == 0 ? null : (double)ResolvedOnTime / ResolveDecided;
}
