namespace Crm.Churn;

/// <summary>The result of evaluating one customer: the assessment, the episode and what the win-back step did.</summary>
/// <param name="Assessment">The saved assessment.</param>
/// <param name="Episode">The customer's open episode, or <see langword="null"/> when the customer is not at risk and has none.</param>
/// <param name="WinBack">What the win-back step did.</param>
/// <param name="Action">The action that ran or was due, or <see langword="null"/>.</param>
public sealed record ChurnEvaluation(ChurnAssessment Assessment, ChurnEpisode? Episode, WinBackStatus WinBack, WinBackAction? Action)
{
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
