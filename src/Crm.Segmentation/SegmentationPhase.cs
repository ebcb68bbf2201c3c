namespace Crm.Segmentation;

/// <summary>The phases of a run.</summary>
public enum SegmentationPhase
{
    /// <summary>First pass: reading RFM inputs of the whole population for the quantile bins.</summary>
    Statistics = 0,

    /// <summary>Second pass: assigning, saving and publishing enter and leave events, page by page.</summary>
    Assigning = 1,

    /// <summary>Done.</summary>
    Completed = 2,
}
