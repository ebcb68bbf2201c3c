using Crm.Churn.Internal;
using static Crm.Churn.BgNbdModel;

namespace Crm.Churn;

/// <summary>
/// The Pareto/NBD customer-base model (Schmittlein, Morrison and Colombo 1987; likelihood as in Fader, Hardie and Lee
/// 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions"): while alive a customer buys at a Poisson
/// rate λ ~ Gamma(r, α) and has an exponential lifetime with drop-out rate μ ~ Gamma(s, β).
/// </summary>
/// <remarks>
/// <para>Unlike BG/NBD, a customer can drop out at any time, also before a first repeat purchase. The likelihood holds
/// the Gaussian hypergeometric function ₂F₁(r + s + x, ·; r + s + x + 1; |α − β| / (max(α, β) + t)), with second
/// parameter s + 1 when α ≥ β and r + x when α &lt; β so that its argument is in [0, 1); it is evaluated by Euler's
/// transformation, whose series has positive terms falling at least as fast as the argument's powers, and the
/// difference of its two values in log space.</para>
/// <para>Times are in whatever unit the summaries use; predictions use the same unit.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class ParetoNbdModel : IPurchaseModel
{
    // No drop-out is a mean drop-out rate s/β that vanishes against the mean age (s → 0, or β → ∞ faster than s); s and β
    // growing together keep the mean and only lose its spread, which is another edge.
    private static readonly FourParameterFit Fitting = new(
        "Pareto/NBD", ["r", "α", "s", "β"], [false, true, false, true], (relative, edge) => relative[2] < -edge || relative[2] - relative[3] < -edge, "s → 0 or s/β → 0");

    /// <summary>Initializes a new instance of the <see cref="ParetoNbdModel"/> class from known parameters.</summary>
    /// <param name="r">The shape of the purchase-rate distribution, r &gt; 0.</param>
    /// <param name="alpha">The scale of the purchase-rate distribution, α &gt; 0.</param>
    /// <param name="s">The shape of the drop-out-rate distribution, s &gt; 0.</param>
    /// <param name="beta">The scale of the drop-out-rate distribution, β &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a positive finite number.</exception>
    public ParetoNbdModel(double r, double alpha, double s, double beta)
        : this(r, alpha, s, beta, double.NaN, [double.NaN, double.NaN, double.NaN, double.NaN], 0)
    {
    }

    private ParetoNbdModel(double r, double alpha, double s, double beta, double logLikelihood, double[] standardErrors, long customers)
    {
        Positive(r, nameof(r));
        Positive(alpha, nameof(alpha));
        Positive(s, nameof(s));
        Positive(beta, nameof(beta));
        R = r;
        Alpha = alpha;
        S = s;
        Beta = beta;
        LogLikelihood = logLikelihood;
        StandardErrors = standardErrors;
        CustomerCount = customers;
    }

    /// <summary>Gets r, the shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Gets α, the scale of the Gamma distribution of purchase rates (in the summaries' time unit).</summary>
    public double Alpha { get; }

    /// <summary>Gets s, the shape of the Gamma distribution of drop-out rates.</summary>
    public double S { get; }

    /// <summary>Gets β, the scale of the Gamma distribution of drop-out rates (in the summaries' time unit).</summary>
    public double Beta { get; }

    /// <summary>Gets the maximised log-likelihood; NaN for a model built from known parameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the standard errors of r, α, s and β in that order; NaN when not fitted or the Hessian is singular.</summary>
    public IReadOnlyList<double> StandardErrors { get; }

    /// <summary>Gets the number of customers the model was fitted on; 0 for a model built from known parameters.</summary>
    public long CustomerCount { get; }

    /// <summary>Fits the model by maximum likelihood, or throws when the data cannot support it.</summary>
    /// <param name="customers">The customers' histories, all in one time unit.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The fitted model with its log-likelihood and standard errors.</returns>
    /// <remarks>The same fit as <see cref="TryFit"/>, whose remarks say when a fit fails.</remarks>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="CrmModelFitException">The fit failed; <see cref="CrmModelFitException.Failure"/> says why and <see cref="CrmException.ErrorCode"/> is its code.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ParetoNbdModel Fit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null) =>
        TryFit(customers, options).GetModelOrThrow();

    /// <summary>Fits the model by maximum likelihood, reporting a failure as a value.</summary>
    /// <param name="customers">The customers' histories, all in one time unit.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The model with its diagnostics when the fit converged; otherwise why not, with the diagnostics so far.</returns>
    /// <remarks>
    /// <para>Refused before optimising: <see cref="ModelFitFailure.TooFewCustomers"/> (no customers, or fewer than 4
    /// distinct histories) and <see cref="ModelFitFailure.NoRepeatPurchases"/> (x = 0 for all).</para>
    /// <para>Otherwise BFGS maximises the likelihood over the logarithms of the parameters (gradient by central
    /// differences) from up to three starts, stopping with <see cref="ModelFitFailure.NoDropOut"/> when it walks to
    /// s &lt; 10⁻⁶ or s/β &lt; 10⁻⁶ per mean age, <see cref="ModelFitFailure.BoundaryReached"/> when another parameter
    /// leaves [10⁻⁶, 10⁶], <see cref="ModelFitFailure.IterationLimitReached"/> or
    /// <see cref="ModelFitFailure.TimeLimitReached"/> at the limits of <paramref name="options"/>, and
    /// <see cref="ModelFitFailure.NoMaximumFound"/> when it stops short of a stationary point or the Hessian there is not
    /// positive definite. The pre-checks BG/NBD makes for data without drop-out are not made here yet.</para>
    /// </remarks>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ModelFitResult<ParetoNbdModel> TryFit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null) =>
        Fitting.Run(
            HistoryGroups.Group(customers, LogLikelihoodOfOne),
            options,
            (p, logLikelihood, errors, n) => new ParetoNbdModel(p[0], p[1], p[2], p[3], logLikelihood, errors, n));

    /// <summary>Computes the log-likelihood of these parameters for a population.</summary>
    /// <param name="customers">The customers' histories.</param>
    /// <returns>The sum of the customers' log-likelihoods.</returns>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it.</exception>
    public double LogLikelihoodOf(ReadOnlySpan<CustomerSummary> customers) =>
        HistoryGroups.Group(customers, LogLikelihoodOfOne).LogLikelihood(R, Alpha, S, Beta);

    /// <summary>Gets the probability that a customer with this history is still alive at the end of observation.</summary>
    /// <param name="customer">The history.</param>
    /// <returns>P(alive | x, t_x, T) = 1 / (1 + s/(r + s + x) · (α + T)^(r+x) (β + T)^s · A₀), in (0, 1].</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    public double ProbabilityAlive(CustomerSummary customer)
    {
        HistoryCheck.Customer(customer, nameof(customer), forFit: false);
        var x = customer.Frequency;
        var logA0 = LogA0(R, Alpha, S, Beta, x, customer.Recency, customer.Age);
        if (double.IsNegativeInfinity(logA0))
        {
            return 1.0;
        }

        var logOdds = Math.Log(S) - Math.Log(R + S + x) + ((R + x) * Math.Log(Alpha + customer.Age)) + (S * Math.Log(Beta + customer.Age)) + logA0;
        return 1.0 / (1.0 + Math.Exp(logOdds));
    }

    /// <summary>Gets the expected number of purchases in the next <paramref name="t"/> time units of a customer with this history.</summary>
    /// <param name="customer">The history.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <returns>E[Y(t) | x, t_x, T] = (r + x)(β + T) / ((α + T)(s − 1)) · [1 − ((β + T)/(β + T + t))^(s−1)] · P(alive), with its limit (r + x)(β + T)/(α + T) · ln((β + T + t)/(β + T)) · P(alive) at s = 1.</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchases(CustomerSummary customer, double t)
    {
        if (!(t >= 0) || !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be a finite number of time units, at least 0.");
        }

        var alive = ProbabilityAlive(customer);
        var age = customer.Age;
        var logRatio = Math.Log((Beta + age) / (Beta + age + t));

        // [1 − q^(s−1)] / (s − 1) with q = (β+T)/(β+T+t), without cancellation near s = 1, where it tends to −ln q.
        var sm1 = S - 1;
        var growth = Math.Abs(sm1 * logRatio) < 1e-8 ? -logRatio * (1 - (sm1 * logRatio / 2)) : -SpecialFunctions.ExpM1(sm1 * logRatio) / sm1;
        return (R + customer.Frequency) * (Beta + age) / (Alpha + age) * growth * alive;
    }

    /// <inheritdoc />
    /// <remarks>Each customer as <see cref="ProbabilityAlive"/> and <see cref="ExpectedPurchases"/> give it.</remarks>
    public void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases) =>
        PurchaseModels.Predict(customers, t, probabilityAlive, expectedPurchases, PurchaseModels.OneByOne(this));

    /// <inheritdoc />
    public HoldoutComparison CompareHoldout(IReadOnlyList<CalibrationHoldoutSummary> customers, int openGroupFrom = 7) =>
        PurchaseModels.CompareHoldout(this, customers, openGroupFrom);

    /// <summary>One customer's log-likelihood: ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[(α+T)^−(r+x) (β+T)^−s + s/(r+s+x) A₀].</summary>
    internal static double LogLikelihoodOfOne(double r, double alpha, double s, double beta, CustomerSummary c)
    {
        var x = c.Frequency;
        var first = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha)) + (s * Math.Log(beta));
        var alive = (-(r + x) * Math.Log(alpha + c.Age)) - (s * Math.Log(beta + c.Age));
        var logA0 = LogA0(r, alpha, s, beta, x, c.Recency, c.Age);
        if (double.IsNegativeInfinity(logA0))
        {
            return first + alive;
        }

        return first + SpecialFunctions.LogSumExp(alive, Math.Log(s) - Math.Log(r + s + x) + logA0);
    }

    /// <summary>
    /// ln A₀ = ln[₂F₁(z₁)/q₁^(r+s+x) − ₂F₁(z₂)/q₂^(r+s+x)] with q = max(α, β) + t_x or + T and z = |α − β| / q; −∞ when
    /// t_x = T. The parameters are chosen by which of α and β is larger so that z is in [0, 1).
    /// </summary>
    internal static double LogA0(double r, double alpha, double s, double beta, int x, double tx, double age)
    {
        if (tx >= age)
        {
            return double.NegativeInfinity;
        }

        var (max, min, second) = alpha >= beta ? (alpha, beta, s + 1) : (beta, alpha, r + x);
        var rsx = r + s + x;
        var q1 = max + tx;
        var q2 = max + age;
        var lp1 = SpecialFunctions.LogHyp2F1(rsx, second, rsx + 1, (max - min) / q1);
        var lp2 = SpecialFunctions.LogHyp2F1(rsx, second, rsx + 1, (max - min) / q2);

        // ln(p₁ q₂^k − p₂ q₁^k) − k ln(q₁ q₂): the first product is the larger (A₀ is an integral of a positive function).
        var u = lp1 + (rsx * Math.Log(q2));
        var v = lp2 + (rsx * Math.Log(q1));
        if (!(v < u))
        {
            return double.NegativeInfinity;
        }

        return u + Math.Log(-SpecialFunctions.ExpM1(v - u)) - (rsx * (Math.Log(q1) + Math.Log(q2)));
    }
}
