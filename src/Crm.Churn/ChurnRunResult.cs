namespace Crm.Churn;

/// <summary>What a population run did.</summary>
/// <param name="CustomersVisited">How many customers were assessed.</param>
/// <param name="Watch">How many are on watch.</param>
/// <param name="Warning">How many are on warning.</param>
/// <param name="Critical">How many are critical.</param>
/// <param name="ActionsTaken">How many win-back actions ran.</param>
/// <param name="SkippedCoolingDown">How many due actions waited for the cool-down.</param>
/// <param name="SkippedNoConsent">How many due actions had no consented channel.</param>
public sealed record ChurnRunResult(int CustomersVisited, int Watch, int Warning, int Critical, int ActionsTaken, int SkippedCoolingDown, int SkippedNoConsent)
{
    /// <summary>Gets how many due coupon actions the coupon issuer refused (each also logged and counted); they are tried again by the next run.</summary>
    public int IssueFailed { get; init; }
}
