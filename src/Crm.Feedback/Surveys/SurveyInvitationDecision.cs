namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.InviteAfterPurchaseAsync"/>.</summary>
/// <param name="Outcome">What was decided.</param>
/// <param name="Invitation">The invitation when <paramref name="Outcome"/> is <see cref="InvitationOutcome.Invited"/>; otherwise <see langword="null"/>.</param>
/// <param name="RuleName">The rule that matched, or <see langword="null"/> for <see cref="InvitationOutcome.NoRule"/>.</param>
/// <param name="WasReplay"><see langword="true"/> when the purchase had been invited before and nothing was written.</param>
public sealed record SurveyInvitationDecision(InvitationOutcome Outcome, SurveyInvitation? Invitation, string? RuleName, bool WasReplay)
{
    /// <summary>
    /// Gets the consent decision (purpose <see cref="ConsentPurpose.Surveys"/> on the rule's channel) when it was asked: for
    /// <see cref="InvitationOutcome.NoConsent"/> it says why, with the record that decided; <see langword="null"/> for a replay
    /// or an outcome decided before consent was asked.
    /// </summary>
    public ContactDecision? Contact { get; init; }
}
