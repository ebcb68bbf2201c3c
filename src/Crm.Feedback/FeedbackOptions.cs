namespace Crm.Feedback;

/// <summary>Settings of Crm.Feedback, set with <c>AddFeedback(...)</c>.</summary>
public sealed class FeedbackOptions
{
    /// <summary>Gets or sets the policy: SLA targets, business hours and survey rules.</summary>
    /// <value>The default value is <see cref="FeedbackPolicy.Default"/>.</value>
    public FeedbackPolicy Policy { get; set; } = FeedbackPolicy.Default;

    /// <summary>
    /// Gets or sets whether every purchase recorded through <see cref="CrmManager"/> is decided by the survey rules, in the
    /// purchase's unit of work (as <see cref="FeedbackManager.InviteAfterPurchaseAsync"/> decides it); the decision is one of the
    /// purchase's outcomes and an invitation raises a <see cref="SurveyInvitedEvent"/> once the purchase commits.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the host calls <see cref="FeedbackManager.InviteAfterPurchaseAsync"/>.</value>
    public bool InviteOnPurchase { get; set; }

    /// <summary>
    /// Gets or sets how many of a customer's latest interactions and survey responses the customer card shows, 1 to 100;
    /// its satisfaction score is the mean CSAT of that many latest responses that give one.
    /// </summary>
    /// <value>The default value is 5.</value>
    public int CardRecentCount { get; set; } = 5;

    /// <summary>Gets or sets how many records a report or a breach list reads per page, 1 to 100,000.</summary>
    /// <value>The default value is 5000.</value>
    public int PageSize { get; set; } = 5000;
}
