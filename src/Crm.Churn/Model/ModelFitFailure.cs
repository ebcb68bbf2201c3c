namespace Crm.Churn;

/// <summary>Why a model fit did not produce a model (<see cref="ModelFitResult{TModel}.Failure"/>).</summary>
/// <remarks>Each value has a stable error code in <see cref="ChurnErrorCodes"/>, carried by <see cref="CrmModelFitException"/>.</remarks>
public enum ModelFitFailure
{
    /// <summary>The fit converged: the result has a model.</summary>
    None = 0,

    /// <summary>
    /// No customer has a repeat purchase (x = 0 for all). The BG/NBD likelihood is then r·Σ ln(α / (α + T)), which grows
    /// without bound as r → 0 and does not depend on a and b: there is nothing to estimate. Found before optimising.
    /// </summary>
    NoRepeatPurchases = 1,

    /// <summary>
    /// Too few customers to estimate the model's parameters: for BG/NBD fewer distinct (x, t_x, T) histories than its 4
    /// parameters (one customer, or many with the same history); for Gamma-Gamma fewer than 3 customers with a repeat
    /// purchase and a positive mean value. Found before optimising.
    /// </summary>
    TooFewCustomers = 2,

    /// <summary>
    /// The data show no drop-out, so the BG/NBD likelihood has no maximum inside the parameter space: it keeps increasing
    /// towards the no-drop-out limit (a → 0 or b → ∞, where BG/NBD becomes the NBD model). Found before optimising when
    /// every repeat buyer's last purchase is at the end of observation (t_x = T), or when, at the best no-drop-out fit,
    /// no amount of drop-out makes the data more likely (see the remarks of <see cref="BgNbdModel.TryFit"/>); found during
    /// the fit when it walks to that limit (a &lt; 10⁻⁶, b &gt; 10⁶, or a mean drop-out probability a / (a + b) below 10⁻⁵
    /// per purchase).
    /// </summary>
    NoDropOut = 3,

    /// <summary>
    /// Every Gamma-Gamma customer has the same mean value per purchase: the spend has no variance, and the likelihood grows
    /// without bound as p → ∞. Found before optimising.
    /// </summary>
    NoSpendVariation = 4,

    /// <summary>
    /// The optimiser walked to the edge of the parameter space (a parameter below 10⁻⁶ or above 10⁶, the scale parameter
    /// measured against the data's mean age or mean value) in a direction other than <see cref="NoDropOut"/>: the
    /// likelihood has no interior maximum for these data.
    /// </summary>
    BoundaryReached = 5,

    /// <summary>The optimiser used <see cref="ModelFitOptions.MaxIterations"/> iterations without converging.</summary>
    IterationLimitReached = 6,

    /// <summary>The fit ran longer than <see cref="ModelFitOptions.TimeLimit"/>.</summary>
    TimeLimitReached = 7,

    /// <summary>
    /// The optimiser stopped at a point it cannot vouch for as a maximum: the line search found no better point while the
    /// gradient was still large, the likelihood was not finite at every start, or the Hessian at the point is not positive
    /// definite (a saddle point or a flat ridge).
    /// </summary>
    NoMaximumFound = 8,
}
