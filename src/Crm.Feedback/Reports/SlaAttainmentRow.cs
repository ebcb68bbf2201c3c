namespace Crm.Feedback;

/// <summary>
/// How a store kept its complaint SLAs for the tickets opened in a report's range: of the stages decided (done, or past
/// due when not done), how many were done on time. A stage neither done nor due yet is not counted.
/// </summary>
public sealed record SlaAttainmentRow
{
    /// <summary>Gets the store.</summary>
    public required string StoreId { get; init; }

    /// <summary>Gets the tickets opened.</summary>
    public required int Tickets { get; init; }

    /// <summary>Gets the tickets whose acknowledge stage is decided.</summary>
    public required int AcknowledgeDecided { get; init; }

    /// <summary>Gets, of those, the acknowledged by the due instant.</summary>
    public required int AcknowledgedOnTime { get; init; }

    /// <summary>Gets the tickets whose resolve stage is decided.</summary>
    public required int ResolveDecided { get; init; }

    /// <summary>Gets, of those, the resolved or closed by the due instant.</summary>
    public required int ResolvedOnTime { get; init; }

    /// <summary>Gets the share of decided acknowledge stages met, 0 to 1, or <see langword="null"/> when none is decided.</summary>
    public double? AcknowledgeAttainment => AcknowledgeDecided == 0 ? null : (double)AcknowledgedOnTime / AcknowledgeDecided;

    /// <summary>Gets the share of decided resolve stages met, 0 to 1, or <see langword="null"/> when none is decided.</summary>
    public double? ResolveAttainment => ResolveDecided == 0 ? null : (double)ResolvedOnTime / ResolveDecided;
}
