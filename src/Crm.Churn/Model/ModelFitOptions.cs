using NodaTime;

namespace Crm.Churn;

/// <summary>The limits of a model fit (<see cref="BgNbdModel.TryFit"/>, <see cref="GammaGammaModel.TryFit"/>).</summary>
/// <remarks>Both limits are hard: a fit that reaches one stops and reports it (<see cref="ModelFitFailure.IterationLimitReached"/>,
/// <see cref="ModelFitFailure.TimeLimitReached"/>) instead of returning an unconverged model.</remarks>
public sealed class ModelFitOptions
{
    /// <summary>Gets or sets the most optimiser iterations over all starting points (each start gets at most 500).</summary>
    /// <value>The default value is 1,500. A CDNOW-sized fit converges in well under 100.</value>
    public int MaxIterations { get; set; } = 1500;

    /// <summary>Gets or sets the longest a fit may run, checked once per optimiser iteration.</summary>
    /// <value>The default value is 30 seconds (far above what a fit of a million customers needs, so the limit stops only a fit that has gone wrong).</value>
    public Duration TimeLimit { get; set; } = Duration.FromSeconds(30);

    /// <summary>Gets or sets the clock <see cref="TimeLimit"/> is measured on.</summary>
    /// <value>The default value is <see langword="null"/>: a monotonic stopwatch. <see cref="ChurnManager"/> passes its own clock.</value>
    public IClock? Clock { get; set; }
}
