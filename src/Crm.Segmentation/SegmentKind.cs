namespace Crm.Segmentation;

/// <summary>Which part of the policy assigned a segment.</summary>
public enum SegmentKind
{
    /// <summary>The named R×F map.</summary>
    Rfm = 0,

    /// <summary>A value tier.</summary>
    ValueTier = 1,

    /// <summary>A frequency tier.</summary>
    FrequencyTier = 2,

    /// <summary>A preference: favourite category, daypart or channel.</summary>
    Preference = 3,

    /// <summary>A lifecycle stage.</summary>
    Lifecycle = 4,

    /// <summary>A rule segment.</summary>
    Rule = 5,
}
