using Crm.Churn;

namespace Crm;

/// <summary>What the churn package did with a recorded purchase, read from the front door's result.</summary>
public static class ChurnRecordResultExtensions
{
    /// <summary>Gets the churn episode the purchase ended (the customer won back or returned).</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</param>
    /// <returns>The ended episode, or <see langword="null"/> when none was open.</returns>
    public static ChurnEpisode? Churn(this RecordPurchaseResult result) => Internal.Guard.NotNull(result).GetOutcome<ChurnEpisode>();
}
