namespace Crm.Segmentation;

/// <summary>Progress of a run, reported through <see cref="IProgress{T}"/> after each page.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Phase">What the run is doing.</param>
/// <param name="Customers">Customers done in this phase so far.</param>
public readonly record struct SegmentationProgress(string RunId, SegmentationPhase Phase, long Customers);
