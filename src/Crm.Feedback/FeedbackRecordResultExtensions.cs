using Crm.Feedback;

namespace Crm;

/// <summary>What the feedback package did with a recorded purchase, read from the front door's result.</summary>
public static class FeedbackRecordResultExtensions
{
    /// <summary>Gets whether the purchase earned a survey invitation, and why or why not.</summary>
    /// <param name="result">The result of <see cref="CrmManager.RecordPurchaseAsync"/>.</param>
    /// <returns>The decision, or <see langword="null"/> when invitations on purchase are off (<see cref="FeedbackOptions.InviteOnPurchase"/>).</returns>
    public static SurveyInvitationDecision? Feedback(this RecordPurchaseResult result) => Internal.Guard.NotNull(result).GetOutcome<SurveyInvitationDecision>();
}
