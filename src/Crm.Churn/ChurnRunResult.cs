namespace Crm.Churn;

/// <summary>What a population run did.</summary>
public sealed record ChurnRunResult
{
    /// <summary>Gets how many customers were assessed.</summary>
    public required int CustomersVisited { get; init; }

    /// <summary>Gets how many are on watch.</summary>
    public required int Watch { get; init; }

    /// <summary>Gets how many are on warning.</summary>
    public required int Warning { get; init; }

    /// <summary>Gets how many are critical.</summary>
    public required int Critical { get; init; }

    /// <summary>Gets how many win-back actions ran.</summary>
    public required int ActionsTaken { get; init; }

    /// <summary>Gets how many due actions waited for the cool-down.</summary>
    public required int SkippedCoolingDown { get; init; }

    /// <summary>Gets how many due actions had no consented channel.</summary>
    public required int SkippedNoConsent { get; init; }

    /// <summary>Gets how many due coupon actions the coupon issuer refused (each also logged and counted); they are tried again by the next run.</summary>
    public int IssueFailed { get; init; }
}
