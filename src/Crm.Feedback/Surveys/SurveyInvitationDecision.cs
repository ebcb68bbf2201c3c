namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.InviteAfterPurchaseAsync"/>.</summary>
public sealed record SurveyInvitationDecision
{
    /// <summary>Gets what was decided.</summary>
    public required InvitationOutcome Outcome { get; init; }

    /// <summary>Gets the invitation when <see cref="Outcome"/> is <see cref="InvitationOutcome.Invited"/>; otherwise <see langword="null"/>.</summary>
    public SurveyInvitation? Invitation { get; init; }

    /// <summary>Gets the rule that matched, or <see langword="null"/> for <see cref="InvitationOutcome.NoRule"/>.</summary>
    public string? RuleName { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the purchase had been invited before and nothing was written.</summary>
    public required bool IsReplay { get; init; }

    /// <summary>
    /// Gets the consent decision (purpose <see cref="ConsentPurpose.Surveys"/> on the rule's channel) when it was asked: for
    /// <see cref="InvitationOutcome.NoConsent"/> it says why, with the record that decided; <see langword="null"/> for a replay
    /// or an outcome decided before consent was asked.
    /// </summary>
    public ContactDecision? Contact { get; init; }
}
