using NodaTime;

namespace Crm.Segmentation;

/// <summary>What a run did.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="AsOf">The as-of instant.</param>
/// <param name="Customers">Customers assigned by this call (a resumed run counts only what it did after resuming).</param>
/// <param name="Entered">Enter events published by this call.</param>
/// <param name="Left">Leave events published by this call.</param>
public sealed record SegmentationRunResult(string RunId, Instant AsOf, long Customers, long Entered, long Left);
