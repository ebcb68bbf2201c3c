namespace Crm.Segmentation;

/// <summary>Lifecycle thresholds. Stages, checked in this order, with days counted in local dates to the as-of instant:</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>lifecycle-prospect</c>: no purchase at or before the as-of instant;</item>
/// <item><c>lifecycle-new</c>: first purchase at most <see cref="NewDays"/> days ago;</item>
/// <item><c>lifecycle-won-back</c>: last purchase at most <see cref="ActiveDays"/> days ago, in a month that came after at least
/// <see cref="WonBackGapMonths"/> whole months without purchases (read from the monthly buckets);</item>
/// <item><c>lifecycle-active</c>: last purchase at most <see cref="ActiveDays"/> days ago;</item>
/// <item><c>lifecycle-at-risk</c>: last purchase at most <see cref="LapsedDays"/> days ago;</item>
/// <item><c>lifecycle-lapsed</c>: otherwise.</item>
/// </list>
/// </remarks>
public sealed class LifecycleSettings
{
    /// <summary>Gets how many days after the first purchase a customer is new.</summary>
    /// <value>The default value is 30.</value>
    public int NewDays { get; init; } = 30;

    /// <summary>Gets how many days after the last purchase a customer is active.</summary>
    /// <value>The default value is 90.</value>
    public int ActiveDays { get; init; } = 90;

    /// <summary>Gets after how many days without a purchase a customer has lapsed (at risk before that).</summary>
    /// <value>The default value is 180.</value>
    public int LapsedDays { get; init; } = 180;

    /// <summary>Gets how many whole months without purchases before the latest purchase month make an active customer won back.</summary>
    /// <value>The default value is 6.</value>
    public int WonBackGapMonths { get; init; } = 6;

    internal void Validate(string path)
    {
        if (NewDays < 0 || ActiveDays < 1 || LapsedDays <= ActiveDays || LapsedDays > 3660)
        {
            throw SegmentationPolicy.Invalid(path, $"Lifecycle days must satisfy 0 <= newDays ({NewDays}), 1 <= activeDays ({ActiveDays}) < lapsedDays ({LapsedDays}) <= 3660.");
        }

        if (WonBackGapMonths is < 1 or > 120)
        {
            throw SegmentationPolicy.Invalid(path + ".wonBackGapMonths", $"{WonBackGapMonths} months is out of range (1 to 120).");
        }
    }
}
