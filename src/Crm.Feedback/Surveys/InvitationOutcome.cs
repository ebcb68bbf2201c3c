namespace Crm.Feedback;

/// <summary>What <see cref="FeedbackManager.InviteAfterPurchaseAsync"/> decided.</summary>
public enum InvitationOutcome
{
    /// <summary>The customer is invited; send the invitation.</summary>
    Invited = 1,

    /// <summary>No rule matches the purchase's channel and store.</summary>
    NoRule = 2,

    /// <summary>The purchase was not in the rule's sample.</summary>
    NotSampled = 3,

    /// <summary>The customer was invited less than the rule's cap days before the purchase.</summary>
    Capped = 4,

    /// <summary>The customer has not consented to the rule's contact channel (or has no profile).</summary>
    NoConsent = 5,
}
