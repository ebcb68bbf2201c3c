using Crm.Points;

namespace Crm;

/// <summary>What the points package did with a recorded fact, read from the front door's result.</summary>
public static class PointsRecordResultExtensions
{
    /// <summary>Gets what the purchase earned (or, on a replay, had earned), with the explanation.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</param>
    /// <returns>The award, or <see langword="null"/> when Crm.Points is not installed.</returns>
    public static PointsAward? Points(this RecordPurchaseResult result) => Internal.Guard.NotNull(result).GetOutcome<PointsAward>();

    /// <summary>Gets what the refund took back.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordRefundAsync"/>.</param>
    /// <returns>The reversal, or <see langword="null"/> when the purchase earned nothing or Crm.Points is not installed.</returns>
    public static PointsReversal? Points(this RecordRefundResult result) => Internal.Guard.NotNull(result).GetOutcome<PointsReversal>();
}
