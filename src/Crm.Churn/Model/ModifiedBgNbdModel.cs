using Crm.Churn.Internal;
using static Crm.Churn.BgNbdModel;

namespace Crm.Churn;

/// <summary>
/// The Modified BG/NBD customer-base model (Batislam, Denizel and Filiztekin 2007): BG/NBD's purchase process (Poisson
/// rate λ ~ Gamma(r, α) while alive) with drop-out possible at time 0 as well as after each repeat purchase, each with
/// probability p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// <para>Where BG/NBD gives a customer without repeat purchases P(alive) = 1 however long ago they bought, this model lets
/// such a customer have left too, which suits data with many one-off buyers. The likelihood of a history (x, t_x, T) is
/// B(a, b + x + 1)/B(a, b) · Γ(r + x)αʳ/(Γ(r)(α + T)^(r+x)) · [1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x)].</para>
/// <para>Times are in whatever unit the summaries use; predictions use the same unit.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class ModifiedBgNbdModel : IPurchaseModel
{
    // No drop-out is a mean drop-out probability a/(a + b) that vanishes (a → 0, or b → ∞ faster than a); a and b growing
    // together keep the mean and only lose its spread, which is another edge.
    private static readonly FourParameterFit Fitting = new(
        "Modified BG/NBD", ["r", "α", "a", "b"], [false, true, false, false], (relative, edge) => relative[2] < -edge || relative[2] - relative[3] < -edge, "a → 0 or a/(a + b) → 0");

    /// <summary>Initializes a new instance of the <see cref="ModifiedBgNbdModel"/> class from known parameters.</summary>
    /// <param name="r">The shape of the purchase-rate distribution, r &gt; 0.</param>
    /// <param name="alpha">The scale of the purchase-rate distribution, α &gt; 0.</param>
    /// <param name="a">The first shape of the drop-out probability's Beta distribution, a &gt; 0.</param>
    /// <param name="b">The second shape of the drop-out probability's Beta distribution, b &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a positive finite number.</exception>
    public ModifiedBgNbdModel(double r, double alpha, double a, double b)
        : this(r, alpha, a, b, double.NaN, [double.NaN, double.NaN, double.NaN, double.NaN], 0)
    {
    }

    private ModifiedBgNbdModel(double r, double alpha, double a, double b, double logLikelihood, double[] standardErrors, long customers)
    {
        Positive(r, nameof(r));
        Positive(alpha, nameof(alpha));
        Positive(a, nameof(a));
        Positive(b, nameof(b));
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
        LogLikelihood = logLikelihood;
        StandardErrors = standardErrors;
        CustomerCount = customers;
    }

    /// <summary>Gets r, the shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Gets α, the scale of the Gamma distribution of purchase rates (in the summaries' time unit).</summary>
    public double Alpha { get; }

    /// <summary>Gets a, the first shape of the Beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>Gets b, the second shape of the Beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>Gets the maximised log-likelihood; NaN for a model built from known parameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the standard errors of r, α, a and b in that order; NaN when not fitted or the Hessian is singular.</summary>
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
    public static ModifiedBgNbdModel Fit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null) =>
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
    /// a &lt; 10⁻⁶ or a/b &lt; 10⁻⁶, <see cref="ModelFitFailure.BoundaryReached"/> when another parameter leaves
    /// [10⁻⁶, 10⁶] (α relative to the mean age), <see cref="ModelFitFailure.IterationLimitReached"/> or
    /// <see cref="ModelFitFailure.TimeLimitReached"/> at the limits of <paramref name="options"/>, and
    /// <see cref="ModelFitFailure.NoMaximumFound"/> when it stops short of a stationary point or the Hessian there is not
    /// positive definite. The same fit as <see cref="ParetoNbdModel.TryFit"/>.</para>
    /// </remarks>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ModelFitResult<ModifiedBgNbdModel> TryFit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null) =>
        Fitting.Run(
            HistoryGroups.Group(customers, LogLikelihoodOfOne),
            options,
            (p, logLikelihood, errors, n) => new ModifiedBgNbdModel(p[0], p[1], p[2], p[3], logLikelihood, errors, n));

    /// <summary>Computes the log-likelihood of these parameters for a population.</summary>
    /// <param name="customers">The customers' histories.</param>
    /// <returns>The sum of the customers' log-likelihoods.</returns>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it.</exception>
    public double LogLikelihoodOf(ReadOnlySpan<CustomerSummary> customers) =>
        HistoryGroups.Group(customers, LogLikelihoodOfOne).LogLikelihood(R, Alpha, A, B);

    /// <summary>Gets the probability that a customer with this history is still alive at the end of observation.</summary>
    /// <param name="customer">The history.</param>
    /// <returns>P(alive | x, t_x, T) = 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x)), in (0, 1); below 1 also for a customer with no repeat purchase.</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    public double ProbabilityAlive(CustomerSummary customer)
    {
        HistoryCheck.Customer(customer, nameof(customer), forFit: false);
        return 1.0 / (1.0 + Math.Exp(LogOddsOfDeath(customer)));
    }

    /// <summary>Gets the expected number of purchases in the next <paramref name="t"/> time units of a customer with this history.</summary>
    /// <param name="customer">The history.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <returns>
    /// E[Y(t) | x, t_x, T] = (a + b + x)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r+x) ₂F₁(r + x, b + x + 1; a + b + x; t/(α + T + t))]
    /// · P(alive), with its limit at a = 1 (the formula lifetimes and BTYDplus use).
    /// </returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchases(CustomerSummary customer, double t)
    {
        Horizon(t);
        var alive = ProbabilityAlive(customer);
        return (A + B + customer.Frequency) * Growth(customer.Frequency, customer.Age, t) * alive;
    }

    /// <summary>Gets the expected number of purchases of a randomly chosen new customer in (0, <paramref name="t"/>] after the first purchase.</summary>
    /// <param name="t">The length of the period, at least 0.</param>
    /// <returns>E[X(t)] = b/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b + 1; a + b; t/(α + t))], with its limit at a = 1.</returns>
    /// <remarks>It is <see cref="ExpectedPurchases(CustomerSummary, double)"/> for a customer just acquired (x = 0, T = 0), evaluated the same way.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchasesOfNewCustomer(double t)
    {
        Horizon(t);
        return ExpectedPurchases(new CustomerSummary(0, 0, 0), t);
    }

    /// <inheritdoc />
    /// <remarks>Each customer as <see cref="ProbabilityAlive"/> and <see cref="ExpectedPurchases"/> give it.</remarks>
    public void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases) =>
        PurchaseModels.Predict(customers, t, probabilityAlive, expectedPurchases, PurchaseModels.OneByOne(this));

    /// <inheritdoc />
    public HoldoutComparison CompareHoldout(IReadOnlyList<CalibrationHoldoutSummary> customers, int openGroupFrom = 7) =>
        PurchaseModels.CompareHoldout(this, customers, openGroupFrom);

    /// <summary>One customer's log-likelihood (the remarks' formula, in logs; the bracket by log-sum-exp).</summary>
    internal static double LogLikelihoodOfOne(double r, double alpha, double a, double b, CustomerSummary c)
    {
        var x = c.Frequency;
        var logAlive = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha))
            + SpecialFunctions.LogGamma(a + b) + SpecialFunctions.LogGamma(b + x + 1) - SpecialFunctions.LogGamma(b) - SpecialFunctions.LogGamma(a + b + x + 1)
            - ((r + x) * Math.Log(alpha + c.Age));
        var logOdds = Math.Log(a) - Math.Log(b + x) + ((r + x) * (Math.Log(alpha + c.Age) - Math.Log(alpha + c.Recency)));
        return logAlive + SpecialFunctions.LogSumExp(0, logOdds);
    }

    /// <summary>ln of the odds against being alive: ln(a/(b + x)) + (r + x) ln((α + T)/(α + t_x)).</summary>
    private double LogOddsOfDeath(CustomerSummary c) =>
        Math.Log(A / (B + c.Frequency)) + ((R + c.Frequency) * Math.Log((Alpha + c.Age) / (Alpha + c.Recency)));

    /// <summary>
    /// [1 − ((α + T)/(α + T + t))^(r+x) ₂F₁(r + x, b + x + 1; a + b + x; z)] / (a − 1) with z = t/(α + T + t).
    /// </summary>
    /// <remarks>
    /// Euler's transformation turns the product into e^v ₂F₁(p, q; c; z) with v = q ln(1 − z), p = a + b − r, q = a − 1 and
    /// c = a + b + x: a series with small parameters that converges for every z &lt; 1. Every term of it past the first
    /// holds the factor q, so the series is 1 + qU with U summed with q divided out, and the quotient is
    /// −ln(1 − z) · (e^v − 1)/v − e^v U: no cancellation near a = 1, where the bracket and the divisor both vanish.
    /// </remarks>
    private double Growth(int x, double age, double t)
    {
        if (t == 0)
        {
            return 0;
        }

        var z = t / (Alpha + age + t);
        var (p, q, c) = (A + B - R, A - 1, A + B + x);
        var term = p / c * z;
        var u = term;
        for (var k = 1; k < 100_000 && Math.Abs(term) > 1e-17 * Math.Abs(u); k++)
        {
            term *= (p + k) * (q + k) / ((c + k) * (k + 1)) * z;
            u += term;
        }

        var logRest = Math.Log(1 - z);
        var v = q * logRest;
        var ratio = v == 0 ? 1 : SpecialFunctions.ExpM1(v) / v;
        return (-logRest * ratio) - (Math.Exp(v) * u);
    }
}
