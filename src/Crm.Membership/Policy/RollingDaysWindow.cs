namespace Crm.Membership;

/// <summary>The last N local days ending at the evaluation instant, today included (from local midnight N - 1 days before today).</summary>
/// <remarks>Summed from the activity journal, so it is exact to the purchase but costs a journal read per evaluation.</remarks>
public sealed class RollingDaysWindow : QualificationWindow
{
    /// <summary>Gets the number of local days, today included (1 to 3660).</summary>
    public required int Days { get; init; }
}
