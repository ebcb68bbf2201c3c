using System.Globalization;
using Crm.Churn.Internal;

namespace Crm.Churn;

/// <summary>
/// The BG/NBD customer-base model (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy Way"): while alive a
/// customer buys at a Poisson rate λ ~ Gamma(r, α) and after each purchase drops out with probability p ~ Beta(a, b).
/// </summary>
/// <remarks>
/// <para><see cref="Fit"/> maximises the log-likelihood (eq. 6 of the paper, in log-space with the zero-repeat case
/// handled) over the logarithms of the parameters, so they stay positive, with BFGS and the analytic gradient. Customers
/// sharing the same (x, t_x, T) contribute identical terms, so the data are grouped first: a population of whole-day
/// histories collapses to far fewer distinct terms than customers. Standard errors come from the inverse of the
/// numerical Hessian of the log-likelihood at the optimum.</para>
/// <para>Times are in whatever unit the summaries use; predictions use the same unit.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class BgNbdModel : IPurchaseModel
{
    /// <summary>Initializes a new instance of the <see cref="BgNbdModel"/> class from known parameters.</summary>
    /// <param name="r">The shape of the purchase-rate distribution, r &gt; 0.</param>
    /// <param name="alpha">The scale of the purchase-rate distribution, α &gt; 0.</param>
    /// <param name="a">The first shape of the drop-out distribution, a &gt; 0.</param>
    /// <param name="b">The second shape of the drop-out distribution, b &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a positive finite number.</exception>
    public BgNbdModel(double r, double alpha, double a, double b)
        : this(r, alpha, a, b, double.NaN, [double.NaN, double.NaN, double.NaN, double.NaN], 0, 0)
    {
    }

    private BgNbdModel(double r, double alpha, double a, double b, double logLikelihood, double[] standardErrors, long customers, int groups)
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
        RStandardError = standardErrors[0];
        AlphaStandardError = standardErrors[1];
        AStandardError = standardErrors[2];
        BStandardError = standardErrors[3];
        CustomerCount = customers;
        DistinctHistories = groups;
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

    /// <summary>Gets the standard error of <see cref="R"/>; NaN when not fitted or the Hessian is singular.</summary>
    public double RStandardError { get; }

    /// <summary>Gets the standard error of <see cref="Alpha"/>; NaN when not fitted or the Hessian is singular.</summary>
    public double AlphaStandardError { get; }

    /// <summary>Gets the standard error of <see cref="A"/>; NaN when not fitted or the Hessian is singular.</summary>
    public double AStandardError { get; }

    /// <summary>Gets the standard error of <see cref="B"/>; NaN when not fitted or the Hessian is singular.</summary>
    public double BStandardError { get; }

    /// <summary>Gets the number of customers the model was fitted on; 0 for a model built from known parameters.</summary>
    public long CustomerCount { get; }

    /// <summary>Gets the number of distinct (x, t_x, T) histories the fit evaluated.</summary>
    public int DistinctHistories { get; }

    /// <summary>Fits the model by maximum likelihood, or throws when the data cannot support it.</summary>
    /// <param name="customers">The customers' histories, all in one time unit.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The fitted model with its log-likelihood and standard errors.</returns>
    /// <remarks>The same fit as <see cref="TryFit"/>, whose remarks say when a fit fails.</remarks>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>: a negative frequency, a recency above the age, a zero age, a value that is not finite); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="CrmModelFitException">The fit failed; <see cref="CrmModelFitException.Failure"/> says why and <see cref="CrmException.ErrorCode"/> is its code (<see cref="ChurnErrorCodes.FitNoRepeatPurchases"/>, <see cref="ChurnErrorCodes.FitTooFewCustomers"/>, <see cref="ChurnErrorCodes.FitNoDropOut"/>, <see cref="ChurnErrorCodes.FitBoundaryReached"/>, <see cref="ChurnErrorCodes.FitIterationLimit"/>, <see cref="ChurnErrorCodes.FitTimeLimit"/>, <see cref="ChurnErrorCodes.FitNoMaximum"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static BgNbdModel Fit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null) =>
        TryFit(customers, options).GetModelOrThrow();

    /// <summary>Fits the model by maximum likelihood, reporting a failure as a value.</summary>
    /// <param name="customers">The customers' histories, all in one time unit.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The model with its diagnostics when the fit converged; otherwise why not, with the diagnostics so far.</returns>
    /// <remarks>
    /// <para>Degenerate data are refused before optimising, in milliseconds, with the precise condition:</para>
    /// <list type="bullet">
    /// <item><see cref="ModelFitFailure.TooFewCustomers"/>: no customers, or fewer distinct (x, t_x, T) histories than the 4 parameters.</item>
    /// <item><see cref="ModelFitFailure.NoRepeatPurchases"/>: x = 0 for every customer.</item>
    /// <item><see cref="ModelFitFailure.NoDropOut"/>: no drop-out is detected. Either every repeat buyer's last purchase is at
    /// the end of observation (t_x = T), or, at the best no-drop-out fit (the NBD model, BG/NBD's limit as a → 0 or b → ∞,
    /// fitted over r and α), the derivative of the log-likelihood towards drop-out is not positive for any b: ∂ℓ/∂a at
    /// a = 0 is Σ [ρ / (b + x − 1) − Σ_{j&lt;x} 1/(b + j)] over repeat buyers with ρ = ((α + T)/(α + t_x))^(r + x), and its
    /// limit as b → ∞ has the sign of Σ (ρ − x). Then no step from the no-drop-out edge raises the likelihood, and the
    /// maximum likelihood walks to that edge (this is what steady buyers, whose last purchase is about one gap before T,
    /// give).</item>
    /// </list>
    /// <para>Otherwise BFGS maximises the likelihood from up to three starts, stopping with
    /// <see cref="ModelFitFailure.NoDropOut"/> when it walks to a &lt; 10⁻⁶, b &gt; 10⁶ or a / (a + b) &lt; 10⁻⁵ all the same
    /// (on data without drop-out the first-order check can see a little by chance, and the likelihood is then flat all the
    /// way to the edge),
    /// <see cref="ModelFitFailure.BoundaryReached"/> when another parameter leaves [10⁻⁶, 10⁶] (α relative to the mean
    /// age), <see cref="ModelFitFailure.IterationLimitReached"/> or <see cref="ModelFitFailure.TimeLimitReached"/> at the
    /// limits of <paramref name="options"/>, and <see cref="ModelFitFailure.NoMaximumFound"/> when it stops short of a
    /// stationary point or the Hessian there is not positive definite. A converged fit has finite parameters, a finite
    /// log-likelihood and a positive definite Hessian.</para>
    /// </remarks>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ModelFitResult<BgNbdModel> TryFit(ReadOnlySpan<CustomerSummary> customers, ModelFitOptions? options = null)
    {
        var budget = FitBudget.Start(options);
        var data = BgNbdData.Group(customers);
        var n = data.Customers;
        var diagnostics = new ModelFitDiagnostics { CustomerCount = n };
        ModelFitResult<BgNbdModel> Refuse(ModelFitFailure failure, string message, ModelFitDiagnostics? at = null) => new()
        {
            Failure = failure,
            Message = message,
            Diagnostics = (at ?? diagnostics) with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };

        if (n == 0)
        {
            return Refuse(ModelFitFailure.TooFewCustomers, "There are no customers to fit the BG/NBD model on.");
        }

        if (data.Repeaters == 0)
        {
            return Refuse(ModelFitFailure.NoRepeatPurchases, Text($"None of the {n:N0} customers has a repeat purchase (x = 0 for all): the BG/NBD likelihood, r·Σ ln(α / (α + T)), has no maximum and does not depend on the drop-out parameters a and b."));
        }

        if (data.Groups < 4)
        {
            return Refuse(ModelFitFailure.TooFewCustomers, Text($"{n:N0} customer{(n == 1 ? string.Empty : "s")} with {data.Groups} distinct (x, t_x, T) histor{(data.Groups == 1 ? "y" : "ies")}: BG/NBD needs at least 4 distinct histories to estimate its 4 parameters."));
        }

        if (data.RepeatersBeforeAge == 0)
        {
            return Refuse(ModelFitFailure.NoDropOut, Text($"All {data.Repeaters:N0} repeat buyers made their last purchase at the end of observation (t_x = T): nothing shows drop-out, and the likelihood keeps increasing towards a → 0."));
        }

        // The no-drop-out limit first: on steady buyers the full fit walks to it for tens of seconds; this check costs one
        // two-parameter fit and one pass over the histories.
        var logMeanAge = Math.Log(Math.Max(data.MeanAge, 1e-3));
        bool InBox(double[] theta)
        {
            // ln(a / (a + b)) = θ_a − ln(e^θ_a + e^θ_b), only for the full model's four parameters.
            if (theta.Length == 4 && theta[2] - SpecialFunctions.LogSumExp(theta[2], theta[3]) < Math.Log(NoDropOutMean))
            {
                return false;
            }

            for (var i = 0; i < theta.Length; i++)
            {
                if (!(Math.Abs(theta[i] - (i == 1 ? logMeanAge : 0)) <= LogEdge))
                {
                    return false;
                }
            }

            return true;
        }

        var nbd = Bfgs.Minimize(data.NbdNegativeMeanLogLikelihood, [0.0, logMeanAge], budget, InBox);
        if (nbd.Stop == BfgsStop.Budget)
        {
            return Refuse(nbd.BudgetFailure!.Value, BudgetMessage(nbd.BudgetFailure.Value, budget, "the no-drop-out check"));
        }

        var (r0, alpha0) = (Math.Exp(nbd.Theta[0]), Math.Exp(nbd.Theta[1]));
        if (double.IsFinite(nbd.Value) && data.DropOutHelpsAt(r0, alpha0) is null)
        {
            return Refuse(ModelFitFailure.NoDropOut, Text($"No drop-out detected: at the best no-drop-out fit (the NBD model, r = {r0:G4}, α = {alpha0:G4}, log-likelihood {-nbd.Value * n:F2}), the log-likelihood does not increase towards any drop-out (∂ℓ/∂a ≤ 0 at a = 0 for every b, and at b → ∞). The {data.Repeaters:N0} repeat buyers' last purchases are as close to the end of observation as steady buying explains, so the maximum lies at a → 0."));
        }

        double[][] starts = [[0.0, logMeanAge, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [Math.Log(0.5), Math.Log(Math.Max(data.MeanAge / 10, 1e-3)), Math.Log(0.5), Math.Log(2)]];
        var (result, tried) = MultiStart(data.NegativeMeanLogLikelihood, starts, budget, InBox);
        diagnostics = diagnostics with { Starts = tried };
        if (result is null)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, "The BG/NBD likelihood is not finite at any start.");
        }

        double[] natural = [Math.Exp(result.Theta[0]), Math.Exp(result.Theta[1]), Math.Exp(result.Theta[2]), Math.Exp(result.Theta[3])];
        var at = diagnostics with { Parameters = natural, LogLikelihood = -result.Value * n, GradientNorm = result.GradientNorm };
        var where = Text($"r = {natural[0]:G4}, α = {natural[1]:G4}, a = {natural[2]:G4}, b = {natural[3]:G4}");
        switch (result.Stop)
        {
            case BfgsStop.Budget:
                return Refuse(result.BudgetFailure!.Value, BudgetMessage(result.BudgetFailure.Value, budget, "the BG/NBD fit") + $" It stopped at {where}.", at);
            // No drop-out is a mean drop-out probability a / (a + b) that vanishes; b → ∞ with the mean kept means a grows
            // with it: the spread is lost (every customer the same drop-out probability), which is another edge.
            case BfgsStop.Boundary when result.Theta[2] < -LogEdge || natural[2] / (natural[2] + natural[3]) < NoDropOutMean:
                return Refuse(ModelFitFailure.NoDropOut, Text($"No drop-out detected: the likelihood keeps increasing towards no drop-out; the fit walked to {where}, a mean drop-out probability a / (a + b) of {natural[2] / (natural[2] + natural[3]):G3} per purchase (a → 0 or b → ∞)."), at);
            case BfgsStop.Boundary when result.Theta[3] > LogEdge:
                return Refuse(ModelFitFailure.BoundaryReached, Text($"The BG/NBD likelihood has no interior maximum for these data: the fit walked to {where}, where every customer drops out after a purchase with the same probability a / (a + b) = {natural[2] / (natural[2] + natural[3]):G3}; the Beta distribution's spread is not identified."), at);
            case BfgsStop.Boundary:
                return Refuse(ModelFitFailure.BoundaryReached, $"The BG/NBD likelihood has no interior maximum for these data: the fit walked to the edge of the parameter space at {where}.", at);
            case BfgsStop.StartIterations:
                return Refuse(ModelFitFailure.IterationLimitReached, Text($"The BG/NBD fit did not converge in {Bfgs.IterationsPerStart} iterations from any of {tried} starts; it stopped at {where} with gradient {result.GradientNorm:G3}."), at);
            case BfgsStop.LineSearchFailed or BfgsStop.NotFinite:
                return Refuse(ModelFitFailure.NoMaximumFound, Text($"The BG/NBD fit stopped short of a maximum at {where}: no step improved the likelihood while the gradient was still {result.GradientNorm:G3}."), at);
        }

        var logLikelihood = -data.Evaluate(natural, null);
        var (errors, positive, condition) = Bfgs.Curvature(data.NegativeLogLikelihoodGradient, natural);
        at = at with { LogLikelihood = logLikelihood, StandardErrors = errors, HessianConditionNumber = condition };
        if (!double.IsFinite(logLikelihood) || !positive)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, $"The BG/NBD fit stopped at {where}, but the Hessian there is not positive definite: a saddle point or a flat ridge, not a maximum.", at);
        }

        var model = new BgNbdModel(natural[0], natural[1], natural[2], natural[3], logLikelihood, errors, n, data.Groups);
        return new ModelFitResult<BgNbdModel>
        {
            Model = model,
            Message = Text($"Converged in {budget.Iterations} iterations from {tried} start{(tried == 1 ? string.Empty : "s")}: {where}, log-likelihood {logLikelihood:F2}."),
            Diagnostics = at with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };
    }

    /// <summary>Computes the log-likelihood of these parameters for a population.</summary>
    /// <param name="customers">The customers' histories.</param>
    /// <returns>The sum of the customers' log-likelihoods.</returns>
    public double LogLikelihoodOf(ReadOnlySpan<CustomerSummary> customers) =>
        -BgNbdData.Group(customers).Evaluate([R, Alpha, A, B], null);

    /// <summary>Gets the probability that a customer with this history is still alive at the end of observation.</summary>
    /// <param name="customer">The history.</param>
    /// <returns>A probability in (0, 1]; exactly 1 for a customer with no repeat purchase (the model's assumption: drop-out happens only after a purchase).</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>: x &lt; 0, t_x &gt; T, a negative or non-finite time, or t_x ≠ 0 with x = 0).</exception>
    public double ProbabilityAlive(CustomerSummary customer)
    {
        HistoryCheck.Customer(customer, nameof(customer), forFit: false);
        var x = customer.Frequency;
        if (x == 0)
        {
            return 1.0;
        }

        var logOdds = ((R + x) * Math.Log((Alpha + customer.Age) / (Alpha + customer.Recency))) + Math.Log(A / (B + x - 1));
        return 1.0 / (1.0 + Math.Exp(logOdds));
    }

    /// <summary>Gets the expected number of purchases in the next <paramref name="t"/> time units of a customer with this history (eq. 10 of the paper).</summary>
    /// <param name="customer">The history.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <returns>The conditional expectation, E[Y(t) | x, t_x, T].</returns>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchases(CustomerSummary customer, double t)
    {
        Horizon(t);
        HistoryCheck.Customer(customer, nameof(customer), forFit: false);
        return Numerator(customer.Frequency, customer.Age, t) * ProbabilityAlive(customer);
    }

    /// <summary>Gets the probability that a randomly chosen new customer makes exactly <paramref name="purchases"/> purchases in a period of length <paramref name="t"/> (eq. 8 of the paper).</summary>
    /// <param name="purchases">The number of purchases n, at least 0.</param>
    /// <param name="t">The length of the period from the customer's first purchase (time 0, not counted), at least 0.</param>
    /// <returns>P(X(t) = n); the probabilities over n = 0, 1, 2, … sum to 1.</returns>
    /// <remarks>
    /// P(X(t) = n) = B(a, b + n)/B(a, b) · NB(n) + δ(n &gt; 0) · B(a + 1, b + n − 1)/B(a, b) · [1 − Σ_{j&lt;n} NB(j)], with
    /// NB(j) = Γ(r + j)/(Γ(r) j!) (α/(α + t))^r (t/(α + t))^j the NBD probability of j purchases. The first term is the
    /// customer alive at t with n purchases, the second the customer dropping out right after the n-th. The tail
    /// 1 − Σ_{j&lt;n} NB(j) is summed from whichever side avoids cancellation.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="purchases"/> is negative, or <paramref name="t"/> is negative or not finite.</exception>
    public double ProbabilityOfPurchases(int purchases, double t)
    {
        Horizon(t);
        if (purchases < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(purchases), purchases, "The number of purchases must be at least 0.");
        }

        if (t == 0)
        {
            return purchases == 0 ? 1.0 : 0.0;
        }

        var n = purchases;
        var logBeta = LogBeta(A, B);
        var logP0 = R * Math.Log(Alpha / (Alpha + t));
        var logZ = Math.Log(t / (Alpha + t));
        var logNb = SpecialFunctions.LogGamma(R + n) - SpecialFunctions.LogGamma(R) - SpecialFunctions.LogGamma(n + 1.0) + logP0 + (n * logZ);
        var alive = Math.Exp(LogBeta(A, B + n) - logBeta + logNb);
        if (n == 0)
        {
            return alive;
        }

        return alive + (Math.Exp(LogBeta(A + 1, B + n - 1) - logBeta) * NbdTail(n, logP0, logZ));
    }

    /// <summary>Gets the expected number of purchases of a randomly chosen new customer in (0, <paramref name="t"/>] after the first purchase (eq. 9 of the paper).</summary>
    /// <param name="t">The length of the period, at least 0.</param>
    /// <returns>E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b; a + b − 1; t/(α + t))]; the mean of <see cref="ProbabilityOfPurchases"/> over n.</returns>
    /// <remarks>It is <see cref="ExpectedPurchases(CustomerSummary, double)"/> for a customer just acquired (x = 0, T = 0), evaluated the same way.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    public double ExpectedPurchasesOfNewCustomer(double t)
    {
        Horizon(t);
        return Numerator(0, 0, t);
    }

    /// <summary>
    /// Computes <see cref="ProbabilityAlive(CustomerSummary)"/> and <see cref="ExpectedPurchases(CustomerSummary, double)"/> for many customers at once,
    /// evaluating the hypergeometric term once per distinct (x, T) and splitting large inputs over the processors.
    /// </summary>
    /// <param name="customers">The histories.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <param name="probabilityAlive">Receives P(alive) per customer; at least as long as <paramref name="customers"/>.</param>
    /// <param name="expectedPurchases">Receives E[Y(t)] per customer; at least as long as <paramref name="customers"/>.</param>
    /// <remarks>Every history is checked before anything is written to the outputs.</remarks>
    /// <exception cref="ArgumentException">An output is shorter than the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is negative or not finite.</exception>
    /// <exception cref="CrmValidationException">A history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    public void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases) =>
        PurchaseModels.Predict(customers, t, probabilityAlive, expectedPurchases, PredictChunk);

    /// <inheritdoc />
    public HoldoutComparison CompareHoldout(IReadOnlyList<CalibrationHoldoutSummary> customers, int openGroupFrom = 7) =>
        PurchaseModels.CompareHoldout(this, customers, openGroupFrom);

    private void PredictChunk(ReadOnlySpan<CustomerSummary> customers, double t, Span<double> probabilityAlive, Span<double> expectedPurchases)
    {
        // ln(a / (b + x - 1)) per small x, and the hypergeometric numerator per distinct (x, T).
        Span<double> logOddsBase = stackalloc double[64];
        logOddsBase.Fill(double.NaN);
        var cache = new NumeratorCache(this, t);
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            var x = c.Frequency;
            double alive;
            if (x == 0)
            {
                alive = 1.0;
            }
            else
            {
                double b;
                if (x < logOddsBase.Length)
                {
                    b = logOddsBase[x];
                    if (double.IsNaN(b))
                    {
                        b = logOddsBase[x] = Math.Log(A / (B + x - 1));
                    }
                }
                else
                {
                    b = Math.Log(A / (B + x - 1));
                }

                alive = 1.0 / (1.0 + Math.Exp(((R + x) * Math.Log((Alpha + c.Age) / (Alpha + c.Recency))) + b));
            }

            var numerator = cache.Get(x, c.Age);
            probabilityAlive[i] = alive;
            expectedPurchases[i] = numerator * alive;
        }
    }

    /// <summary>E[Y(t) | alive-weighted numerator] of eq. 10: (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].</summary>
    private double Numerator(int x, double age, double t)
    {
        if (t == 0)
        {
            return 0.0;
        }

        var z = t / (Alpha + age + t);
        var c = A + B + x - 1;
        if (c < 0)
        {
            // Only when x = 0 and a + b < 1: the series' terms are negative, so it has no logarithm; sum it directly
            // (z < 1 and c + n > 0 for n >= 1, so it converges).
            var hyp = SpecialFunctions.Hyp2F1Series(R + x, B + x, c, z);
            return c / (A - 1) * (1.0 - (hyp * Math.Pow((Alpha + age) / (Alpha + age + t), R + x)));
        }

        var logHyp = SpecialFunctions.LogHyp2F1(R + x, B + x, c, z);
        var u = logHyp + ((R + x) * Math.Log((Alpha + age) / (Alpha + age + t)));

        // 1 − e^u without cancellation for small u.
        var second = Math.Abs(u) < 1e-5 ? -u * (1 + (u / 2)) : 1.0 - Math.Exp(u);
        return c / (A - 1) * second;
    }

    /// <summary>P(NBD ≥ n) = 1 − Σ_{j&lt;n} NB(j): the head summed while it stays below one half, else the tail summed up from n.</summary>
    private double NbdTail(int n, double logP0, double logZ)
    {
        // Head sum, in log space per term so that (α/(α+t))^r does not underflow for long periods.
        var logTerm = logP0;
        var head = 0.0;
        for (var j = 0; j < n; j++)
        {
            head += Math.Exp(logTerm);
            if (head > 0.5)
            {
                break;
            }

            logTerm += Math.Log((R + j) / (j + 1.0)) + logZ;
        }

        if (head <= 0.5)
        {
            return 1.0 - head;
        }

        // Past the median: 1 − head would cancel, so sum NB(j) for j ≥ n; the terms fall at least geometrically once j
        // passes the mode, by the ratio (r + j)/(j + 1) · z → z &lt; 1.
        logTerm = SpecialFunctions.LogGamma(R + n) - SpecialFunctions.LogGamma(R) - SpecialFunctions.LogGamma(n + 1.0) + logP0 + (n * logZ);
        var tail = 0.0;
        for (var j = n; j < n + 100_000_000; j++)
        {
            var term = Math.Exp(logTerm);
            tail += term;
            var ratio = (R + j) / (j + 1.0) * Math.Exp(logZ);
            if (ratio < 1 && term <= 1e-17 * tail)
            {
                break;
            }

            logTerm += Math.Log((R + j) / (j + 1.0)) + logZ;
        }

        return tail;
    }

    internal static double LogBeta(double x, double y) =>
        SpecialFunctions.LogGamma(x) + SpecialFunctions.LogGamma(y) - SpecialFunctions.LogGamma(x + y);

    /// <summary>An open-addressing map from (x, T) to the numerator of eq. 10, cheaper per look-up than a general dictionary.</summary>
    private sealed class NumeratorCache(BgNbdModel model, double t)
    {
        private int[] _xs = NewKeys(1 << 12);
        private double[] _ages = new double[1 << 12];
        private double[] _values = new double[1 << 12];
        private int _count;

        public double Get(int x, double age)
        {
            var mask = _xs.Length - 1;
            var slot = Slot(x, age, mask);
            while (_xs[slot] != -1)
            {
                if (_xs[slot] == x && _ages[slot] == age)
                {
                    return _values[slot];
                }

                slot = (slot + 1) & mask;
            }

            var value = model.Numerator(x, age, t);
            _xs[slot] = x;
            _ages[slot] = age;
            _values[slot] = value;
            if (++_count * 2 > _xs.Length)
            {
                Grow();
            }

            return value;
        }

        private static int Slot(int x, double age, int mask)
        {
            var h = ((ulong)BitConverter.DoubleToInt64Bits(age) * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)x * 0xC2B2AE3D27D4EB4FUL);
            return (int)(h >> 40) & mask;
        }

        private static int[] NewKeys(int size)
        {
            var keys = new int[size];
            Array.Fill(keys, -1);
            return keys;
        }

        private void Grow()
        {
            var (xs, ages, values) = (_xs, _ages, _values);
            _xs = NewKeys(xs.Length * 2);
            _ages = new double[xs.Length * 2];
            _values = new double[xs.Length * 2];
            var mask = _xs.Length - 1;
            for (var i = 0; i < xs.Length; i++)
            {
                if (xs[i] == -1)
                {
                    continue;
                }

                var slot = Slot(xs[i], ages[i], mask);
                while (_xs[slot] != -1)
                {
                    slot = (slot + 1) & mask;
                }

                _xs[slot] = xs[i];
                _ages[slot] = ages[i];
                _values[slot] = values[i];
            }
        }
    }

    /// <summary>
    /// The mean drop-out probability per purchase, a / (a + b), below which a fit is at the no-drop-out edge: one drop-out
    /// in 100,000 purchases leaves every customer alive for any horizon a retailer plans for, and on data without
    /// drop-out the likelihood is so flat on the way there that BFGS would crawl towards a → 0 or b → ∞ for minutes.
    /// </summary>
    internal const double NoDropOutMean = 1e-5;

    /// <summary>ln 10⁶: a parameter beyond 10^±6 (α against the mean age) is at the edge of the parameter space.</summary>
    internal const double LogEdge = 13.815510557964274;

    /// <summary>
    /// Runs BFGS from each start in turn until one converges or the budget runs out: the converged result with the lowest
    /// objective, else the attempt that ended the search (a spent budget) or the lowest one (the others' failure).
    /// </summary>
    internal static (BfgsResult? Result, int Starts) MultiStart(Bfgs.Objective objective, double[][] starts, FitBudget budget, Func<double[], bool> inBox, double gradientTolerance = 1e-9)
    {
        BfgsResult? best = null;
        var tried = 0;
        foreach (var start in starts)
        {
            if (!inBox(start))
            {
                continue;
            }

            tried++;
            var result = Bfgs.Minimize(objective, start, budget, inBox, gradientTolerance);
            if (result.Stop == BfgsStop.Budget)
            {
                return (best is { Converged: true } ? best : result, tried);
            }

            if (double.IsFinite(result.Value) && (best is null || (result.Converged && !best.Converged) || (result.Converged == best.Converged && result.Value < best.Value)))
            {
                best = result;
            }

            if (result.Converged && double.IsFinite(result.Value))
            {
                break;
            }
        }

        return (best, tried);
    }

    internal static string BudgetMessage(ModelFitFailure failure, FitBudget budget, string what) => failure == ModelFitFailure.TimeLimitReached
        ? Text($"The time limit of {budget.Limit.TotalSeconds:0.###} s ran out during {what} ({budget.Iterations} iterations, {budget.Elapsed.TotalSeconds:0.###} s).")
        : Text($"The limit of {budget.MaxIterations} iterations ran out during {what}.");

    internal static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static void Horizon(double t, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(t))] string name = "")
    {
        if (!(t >= 0) || !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(name, t, "The horizon must be a finite number of time units, at least 0.");
        }
    }

    internal static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The parameter must be a positive finite number.");
        }
    }
}
