namespace Crm.Churn;

/// <summary>The stable error codes of Crm.Churn.</summary>
public static class ChurnErrorCodes
{
    /// <summary>Feedback is not valid (no id, no customer).</summary>
    public const string FeedbackInvalid = "churn.feedback_invalid";

    /// <summary>A feedback id was reused for another customer.</summary>
    public const string FeedbackIdReused = "churn.feedback_id_reused";
}
