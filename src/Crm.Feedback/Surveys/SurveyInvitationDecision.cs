namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.InviteAfterPurchaseAsync"/>.</summary>
public sealed record SurveyInvitationDecision
{
    /// <summary>What was decided.</summary>
    public required InvitationOutcome Outcome { get; init; }

    /// <summary>The invitation when <see cref="Outcome"/> is <see cref="InvitationOutcome.Invited"/>; otherwise <see langword="null"/>.</summary>
    public SurveyInvitation? Invitation { get; init; }

    /// <summary>The rule that matched, or <see langword="null"/> for <see cref="InvitationOutcome.NoRule"/>.</summary>
    public string? RuleName { get; init; }

    /// <summary><see langword="true"/> when the purchase had been invited before and nothing was written.</summary>
    public required bool IsReplay { get; init; }
}
