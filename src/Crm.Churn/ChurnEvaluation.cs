namespace Crm.Churn;

/// <summary>The result of evaluating one customer: the assessment, the episode and what the win-back step did.</summary>
public sealed record ChurnEvaluation
{
    /// <summary>Gets the saved assessment.</summary>
    public required ChurnAssessment Assessment { get; init; }

    /// <summary>Gets the customer's open episode, or <see langword="null"/> when the customer is not at risk and has none.</summary>
    public ChurnEpisode? Episode { get; init; }

    /// <summary>Gets what the win-back step did.</summary>
    public required WinBackStatus WinBack { get; init; }

    /// <summary>Gets the action that ran or was due, or <see langword="null"/>.</summary>
    public WinBackAction? Action { get; init; }

    /// <summary>Gets why the coupon issuer refused the action's coupon (as it said) when <see cref="WinBack"/> is <see cref="WinBackStatus.IssueFailed"/>; otherwise <see langword="null"/>.</summary>
    /// <remarks>The refusal is also logged as a warning and counted on <c>crm.churn.winback.issue_failures</c>.</remarks>
    public string? IssueFailureReason { get; init; }

    /// <summary>
    /// Gets the consent decision for each channel of the due action (purpose <see cref="ConsentPurpose.Marketing"/>), when the
    /// win-back step got as far as asking; empty otherwise. When <see cref="WinBack"/> is <see cref="WinBackStatus.NoConsent"/>
    /// they say why, with the consent record that decided.
    /// </summary>
    public IReadOnlyList<ContactDecision> Contact { get; init; } = [];

    /// <summary>Prints the members, the consent decisions as their sentences.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Assessment = {Assessment}, Episode = {Episode}, WinBack = {WinBack}, Action = {Action}, IssueFailureReason = {IssueFailureReason}, Contact = [{string.Join("; ", Contact)}]");
        return true;
    }
}
