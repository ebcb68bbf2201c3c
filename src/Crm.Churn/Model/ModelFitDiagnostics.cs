using NodaTime;

namespace Crm.Churn;

/// <summary>How a model fit went, converged or not: the optimiser's work and the curvature of the likelihood where it stopped.</summary>
/// <remarks>
/// Parameters are listed in the model's order (r, α, a, b for BG/NBD; p, q, v for Gamma-Gamma). A fit refused before
/// optimising (<see cref="ModelFitFailure.NoRepeatPurchases"/>, <see cref="ModelFitFailure.TooFewCustomers"/>, a
/// <see cref="ModelFitFailure.NoDropOut"/> found in the data, <see cref="ModelFitFailure.NoSpendVariation"/>) has empty
/// lists and NaN numbers.
/// </remarks>
public sealed record ModelFitDiagnostics
{
    /// <summary>Gets the number of optimiser iterations over all starts, including the no-drop-out check's.</summary>
    public int Iterations { get; init; }

    /// <summary>Gets the number of starting points the optimiser tried.</summary>
    public int Starts { get; init; }

    /// <summary>Gets how long the fit took, measured on <see cref="ModelFitOptions.Clock"/>.</summary>
    public Duration Elapsed { get; init; }

    /// <summary>Gets the number of customers the fit read (for Gamma-Gamma: those with a repeat purchase and a positive mean value).</summary>
    public long CustomerCount { get; init; }

    /// <summary>Gets the parameters where the optimiser stopped (the estimates when it converged); empty when it never ran.</summary>
    public IReadOnlyList<double> Parameters { get; init; } = [];

    /// <summary>Gets the log-likelihood at <see cref="Parameters"/>; NaN when the optimiser never ran.</summary>
    public double LogLikelihood { get; init; } = double.NaN;

    /// <summary>
    /// Gets the largest absolute component of the gradient of the mean negative log-likelihood per customer with respect
    /// to the logarithms of the parameters, where the optimiser stopped (it converges below 10⁻⁹); NaN when it never ran.
    /// </summary>
    public double GradientNorm { get; init; } = double.NaN;

    /// <summary>
    /// Gets the standard errors of <see cref="Parameters"/>, from the inverse of the numerical Hessian of the negative
    /// log-likelihood; NaN entries where the Hessian is singular; empty when not computed (the fit did not converge).
    /// </summary>
    public IReadOnlyList<double> StandardErrors { get; init; } = [];

    /// <summary>
    /// Gets the condition number of the Hessian of the negative log-likelihood with respect to the logarithms of the
    /// parameters (largest over smallest eigenvalue; on the log scale so the time and currency units do not matter):
    /// large values mean parameters the data barely tell apart. +∞ when the Hessian is not positive definite; NaN when
    /// not computed.
    /// </summary>
    public double HessianConditionNumber { get; init; } = double.NaN;
}
