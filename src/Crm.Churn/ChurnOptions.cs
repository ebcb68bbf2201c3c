namespace Crm.Churn;

/// <summary>The settings of Crm.Churn.</summary>
public sealed class ChurnOptions
{
    /// <summary>Gets or sets the churn policy (signals, levels, win-back). Required.</summary>
    public ChurnPolicy? Policy { get; set; }

    /// <summary>Gets or sets how many customers a population run reads per page.</summary>
    /// <value>The default value is 500.</value>
    public int PageSize { get; set; } = 500;


    /// <summary>Gets or sets a value indicating whether <see cref="ChurnManager.RunAsync"/> refits the models before assessing.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RefitModelOnRun { get; set; } = true;
}
