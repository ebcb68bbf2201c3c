namespace Crm.Churn;

/// <summary>The stable error codes of Crm.Churn.</summary>
public static class ChurnErrorCodes
{
    /// <summary>Feedback is not valid (no id, no customer).</summary>
    public const string FeedbackInvalid = "churn.feedback_invalid";

    /// <summary>A feedback id was reused for another customer.</summary>
    public const string FeedbackIdReused = "churn.feedback_id_reused";

    /// <summary>A <see cref="CustomerSummary"/> is impossible: a negative frequency, a recency above the age, a value that is not finite.</summary>
    public const string HistoryInvalid = "churn.history_invalid";

    /// <summary>A <see cref="SpendSummary"/> is impossible: a negative frequency, or a mean value that is negative or not finite.</summary>
    public const string SpendInvalid = "churn.spend_invalid";

    /// <summary>A <see cref="PurchaseTransaction"/> given to <see cref="TransactionSummary"/> has no customer id.</summary>
    public const string TransactionInvalid = "churn.transaction_invalid";

    /// <summary>A fit failed: no customer has a repeat purchase (<see cref="ModelFitFailure.NoRepeatPurchases"/>).</summary>
    public const string FitNoRepeatPurchases = "churn.fit_no_repeat_purchases";

    /// <summary>A fit failed: too few customers or distinct histories (<see cref="ModelFitFailure.TooFewCustomers"/>).</summary>
    public const string FitTooFewCustomers = "churn.fit_too_few_customers";

    /// <summary>A fit failed: the data show no drop-out (<see cref="ModelFitFailure.NoDropOut"/>).</summary>
    public const string FitNoDropOut = "churn.fit_no_drop_out";

    /// <summary>A fit failed: every customer has the same mean value per purchase (<see cref="ModelFitFailure.NoSpendVariation"/>).</summary>
    public const string FitNoSpendVariation = "churn.fit_no_spend_variation";

    /// <summary>A fit failed: the optimiser walked to the edge of the parameter space (<see cref="ModelFitFailure.BoundaryReached"/>).</summary>
    public const string FitBoundaryReached = "churn.fit_boundary_reached";

    /// <summary>A fit failed: it used its iterations without converging (<see cref="ModelFitFailure.IterationLimitReached"/>).</summary>
    public const string FitIterationLimit = "churn.fit_iteration_limit";

    /// <summary>A fit failed: it ran past its time limit (<see cref="ModelFitFailure.TimeLimitReached"/>).</summary>
    public const string FitTimeLimit = "churn.fit_time_limit";

    /// <summary>A fit failed: the optimiser stopped at a point that is not a maximum (<see cref="ModelFitFailure.NoMaximumFound"/>).</summary>
    public const string FitNoMaximum = "churn.fit_no_maximum";

    /// <summary>The code of a fit failure.</summary>
    internal static string Of(ModelFitFailure failure) => failure switch
    {
        ModelFitFailure.NoRepeatPurchases => FitNoRepeatPurchases,
        ModelFitFailure.TooFewCustomers => FitTooFewCustomers,
        ModelFitFailure.NoDropOut => FitNoDropOut,
        ModelFitFailure.NoSpendVariation => FitNoSpendVariation,
        ModelFitFailure.BoundaryReached => FitBoundaryReached,
        ModelFitFailure.IterationLimitReached => FitIterationLimit,
        ModelFitFailure.TimeLimitReached => FitTimeLimit,
        ModelFitFailure.NoMaximumFound => FitNoMaximum,
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "A fit failure other than None is needed."),
    };
}
