using NodaTime;

namespace Crm.Churn;

/// <summary>The settings of Crm.Churn.</summary>
public sealed class ChurnOptions
{
    /// <summary>Gets or sets the churn policy (signals, levels, win-back). Required.</summary>
    public ChurnPolicy? Policy { get; set; }

    /// <summary>Gets or sets how many customers a population run reads per page.</summary>
    /// <value>The default value is 500.</value>
    public int PageSize { get; set; } = 500;

    /// <summary>Gets or sets the longest each model fit of <see cref="ChurnManager.FitModelAsync"/> may run, measured on the manager's clock; a fit that runs out is reported (<see cref="ModelFitFailure.TimeLimitReached"/>) and assessments go on without the model.</summary>
    /// <value>The default value is 30 seconds.</value>
    public Duration ModelFitTimeLimit { get; set; } = Duration.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether <see cref="ChurnManager.RunAsync"/> refits the models before assessing.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RefitModelOnRun { get; set; } = true;
}
