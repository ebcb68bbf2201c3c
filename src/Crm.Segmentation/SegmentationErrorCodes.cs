namespace Crm.Segmentation;

/// <summary>The stable error codes of Crm.Segmentation (bad policy documents use <see cref="CrmErrorCodes.RulesInvalid"/>).</summary>
public static class SegmentationErrorCodes
{
    /// <summary>A run's as-of instant is later than now.</summary>
    public const string AsOfInFuture = "segmentation.as_of_in_future";

    /// <summary>A segment name given to a query is empty.</summary>
    public const string SegmentNameInvalid = "segmentation.segment_name_invalid";
}
