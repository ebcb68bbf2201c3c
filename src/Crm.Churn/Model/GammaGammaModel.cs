using Crm.Churn.Internal;

namespace Crm.Churn;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"): the value of each purchase is
/// Gamma(p, ν) with ν ~ Gamma(q, v) per customer, so a customer's expected value per purchase shrinks their own mean
/// towards the population's.
/// </summary>
/// <remarks>
/// <see cref="Fit"/> maximises the log-likelihood over ln(p, q, v) with BFGS and the analytic gradient, using the
/// customers with at least one repeat purchase and a positive mean value; standard errors come from the inverse Hessian.
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class GammaGammaModel
{
    /// <summary>Initializes a new instance of the <see cref="GammaGammaModel"/> class from known parameters.</summary>
    /// <param name="p">The shape of the purchase-value distribution, p &gt; 0.</param>
    /// <param name="q">The shape of the distribution of ν, q &gt; 0.</param>
    /// <param name="v">The scale of the distribution of ν, v &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a positive finite number.</exception>
    public GammaGammaModel(double p, double q, double v)
        : this(p, q, v, double.NaN, [double.NaN, double.NaN, double.NaN], 0)
    {
    }

    private GammaGammaModel(double p, double q, double v, double logLikelihood, double[] errors, int customers)
    {
        foreach (var (value, name) in new[] { (p, nameof(p)), (q, nameof(q)), (v, nameof(v)) })
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "The parameter must be a positive finite number.");
            }
        }

        P = p;
        Q = q;
        V = v;
        LogLikelihood = logLikelihood;
        PStandardError = errors[0];
        QStandardError = errors[1];
        VStandardError = errors[2];
        CustomerCount = customers;
    }

    /// <summary>Gets p, the shape of each purchase's value.</summary>
    public double P { get; }

    /// <summary>Gets q, the shape of the distribution of the customers' ν.</summary>
    public double Q { get; }

    /// <summary>Gets v, the scale of the distribution of the customers' ν.</summary>
    public double V { get; }

    /// <summary>Gets the maximised log-likelihood; NaN for a model built from known parameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>Gets the standard error of <see cref="P"/>; NaN when not fitted.</summary>
    public double PStandardError { get; }

    /// <summary>Gets the standard error of <see cref="Q"/>; NaN when not fitted.</summary>
    public double QStandardError { get; }

    /// <summary>Gets the standard error of <see cref="V"/>; NaN when not fitted.</summary>
    public double VStandardError { get; }

    /// <summary>Gets the number of customers (with repeat purchases) the model was fitted on.</summary>
    public int CustomerCount { get; }

    /// <summary>Gets the population's mean value per purchase, p·v / (q − 1); infinite when q ≤ 1.</summary>
    public double PopulationMeanValue => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>Fits the model by maximum likelihood on the customers with x &gt; 0 and a positive mean value, or throws when the data cannot support it.</summary>
    /// <param name="customers">The customers; the others are skipped.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The fitted model.</returns>
    /// <remarks>The same fit as <see cref="TryFit"/>, whose remarks say when a fit fails.</remarks>
    /// <exception cref="CrmValidationException">A summary is impossible (<see cref="ChurnErrorCodes.SpendInvalid"/>: a negative frequency, a negative or non-finite mean value); <see cref="CrmValidationException.Field"/> names it.</exception>
    /// <exception cref="CrmModelFitException">The fit failed; <see cref="CrmModelFitException.Failure"/> says why (<see cref="ChurnErrorCodes.FitTooFewCustomers"/>, <see cref="ChurnErrorCodes.FitNoSpendVariation"/>, <see cref="ChurnErrorCodes.FitBoundaryReached"/>, <see cref="ChurnErrorCodes.FitIterationLimit"/>, <see cref="ChurnErrorCodes.FitTimeLimit"/>, <see cref="ChurnErrorCodes.FitNoMaximum"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static GammaGammaModel Fit(ReadOnlySpan<SpendSummary> customers, ModelFitOptions? options = null) =>
        TryFit(customers, options).GetModelOrThrow();

    /// <summary>Fits the model by maximum likelihood on the customers with x &gt; 0 and a positive mean value, reporting a failure as a value.</summary>
    /// <param name="customers">The customers; the others are skipped.</param>
    /// <param name="options">The fit's limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The model with its diagnostics when the fit converged; otherwise why not.</returns>
    /// <remarks>
    /// Refused before optimising: fewer than 3 customers with a repeat purchase and a positive mean value
    /// (<see cref="ModelFitFailure.TooFewCustomers"/>), or all of them with the same mean value
    /// (<see cref="ModelFitFailure.NoSpendVariation"/>: no variance, so the likelihood grows without bound as p, q and v grow).
    /// The optimiser stops with <see cref="ModelFitFailure.BoundaryReached"/> when p or q leaves [10⁻⁶, 10⁶] or v leaves
    /// that range relative to the mean value (nearly identical spends), and at the limits of <paramref name="options"/>.
    /// </remarks>
    /// <exception cref="CrmValidationException">A summary is impossible (<see cref="ChurnErrorCodes.SpendInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ModelFitResult<GammaGammaModel> TryFit(ReadOnlySpan<SpendSummary> customers, ModelFitOptions? options = null)
    {
        var budget = FitBudget.Start(options);
        var x = new List<double>();
        var m = new List<double>();
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            HistoryCheck.Spend(c, i);
            if (c.Frequency > 0 && c.AverageValue > 0)
            {
                x.Add(c.Frequency);
                m.Add(c.AverageValue);
            }
        }

        var n = x.Count;
        var diagnostics = new ModelFitDiagnostics { CustomerCount = n };
        ModelFitResult<GammaGammaModel> Refuse(ModelFitFailure failure, string message, ModelFitDiagnostics? at = null) => new()
        {
            Failure = failure,
            Message = message,
            Diagnostics = (at ?? diagnostics) with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };

        if (n < 3)
        {
            return Refuse(ModelFitFailure.TooFewCustomers, BgNbdModel.Text($"{n} customer{(n == 1 ? string.Empty : "s")} with a repeat purchase and a positive mean value: Gamma-Gamma needs at least 3 to estimate its 3 parameters."));
        }

        if (m.TrueForAll(v => v == m[0]))
        {
            return Refuse(ModelFitFailure.NoSpendVariation, BgNbdModel.Text($"All {n:N0} customers with a repeat purchase have the same mean value per purchase ({m[0]:G6}): the spend has no variance, so the Gamma-Gamma likelihood grows without bound as p → ∞ and has no maximum."));
        }

        var xs = x.ToArray();
        var ms = m.ToArray();
        var logMs = ms.Select(v => Math.Log(v)).ToArray();
        var logXs = xs.Select(v => Math.Log(v)).ToArray();
        double Objective(double[] theta, double[] gradient)
        {
            double[] natural = [Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2])];
            if (natural.Any(v => !(v > 1e-12) || !(v < 1e12)))
            {
                return double.PositiveInfinity;
            }

            var value = Evaluate(natural, gradient, xs, ms, logXs, logMs);
            for (var i = 0; i < 3; i++)
            {
                gradient[i] = gradient[i] * natural[i] / xs.Length;
            }

            return value / xs.Length;
        }

        var meanM = ms.Average();
        var logMeanM = Math.Log(meanM);
        bool InBox(double[] theta) =>
            Math.Abs(theta[0]) <= BgNbdModel.LogEdge && Math.Abs(theta[1]) <= BgNbdModel.LogEdge && Math.Abs(theta[2] - logMeanM) <= BgNbdModel.LogEdge;

        double[][] starts = [[0.0, 0.0, logMeanM], [0.0, 0.0, 0.0], [Math.Log(5), Math.Log(3), Math.Log(meanM * 2)]];
        var (result, tried) = BgNbdModel.MultiStart(Objective, starts, budget, InBox);
        diagnostics = diagnostics with { Starts = tried };
        if (result is null)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, "The Gamma-Gamma likelihood is not finite at any start.");
        }

        double[] p = [Math.Exp(result.Theta[0]), Math.Exp(result.Theta[1]), Math.Exp(result.Theta[2])];
        var at = diagnostics with { Parameters = p, LogLikelihood = -result.Value * n, GradientNorm = result.GradientNorm };
        var where = BgNbdModel.Text($"p = {p[0]:G4}, q = {p[1]:G4}, v = {p[2]:G4}");
        switch (result.Stop)
        {
            case BfgsStop.Budget:
                return Refuse(result.BudgetFailure!.Value, BgNbdModel.BudgetMessage(result.BudgetFailure.Value, budget, "the Gamma-Gamma fit") + $" It stopped at {where}.", at);
            case BfgsStop.Boundary:
                return Refuse(ModelFitFailure.BoundaryReached, $"The Gamma-Gamma likelihood has no interior maximum for these data (the spends barely vary): the fit walked to the edge of the parameter space at {where}.", at);
            case BfgsStop.StartIterations:
                return Refuse(ModelFitFailure.IterationLimitReached, BgNbdModel.Text($"The Gamma-Gamma fit did not converge in {Bfgs.IterationsPerStart} iterations from any of {tried} starts; it stopped at {where}."), at);
            case BfgsStop.LineSearchFailed or BfgsStop.NotFinite:
                return Refuse(ModelFitFailure.NoMaximumFound, BgNbdModel.Text($"The Gamma-Gamma fit stopped short of a maximum at {where}: no step improved the likelihood while the gradient was still {result.GradientNorm:G3}."), at);
        }

        var logLikelihood = -Evaluate(p, null, xs, ms, logXs, logMs);
        var (errors, positive, condition) = Bfgs.Curvature((point, g) => Evaluate(point, g, xs, ms, logXs, logMs), p);
        at = at with { LogLikelihood = logLikelihood, StandardErrors = errors, HessianConditionNumber = condition };
        if (!double.IsFinite(logLikelihood) || !positive)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, $"The Gamma-Gamma fit stopped at {where}, but the Hessian there is not positive definite: a saddle point or a flat ridge, not a maximum.", at);
        }

        return new ModelFitResult<GammaGammaModel>
        {
            Model = new GammaGammaModel(p[0], p[1], p[2], logLikelihood, errors, n),
            Message = BgNbdModel.Text($"Converged in {budget.Iterations} iterations from {tried} start{(tried == 1 ? string.Empty : "s")}: {where}, log-likelihood {logLikelihood:F2}."),
            Diagnostics = at with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };
    }

    /// <summary>Gets a customer's expected value per purchase: (1 − w)·population mean + w·m̄ with w = p·x / (p·x + q − 1).</summary>
    /// <param name="customer">The customer; with no repeat purchase the population mean is returned.</param>
    /// <returns>The conditional expectation, E[Z | x, m̄].</returns>
    /// <exception cref="CrmValidationException">The summary is impossible (<see cref="ChurnErrorCodes.SpendInvalid"/>: a negative frequency, a negative or non-finite mean value).</exception>
    public double ExpectedAverageValue(SpendSummary customer)
    {
        HistoryCheck.Spend(customer, nameof(customer));
        if (customer.Frequency <= 0)
        {
            return PopulationMeanValue;
        }

        return P * (V + (customer.Frequency * customer.AverageValue)) / ((P * customer.Frequency) + Q - 1);
    }

    /// <summary>
    /// Gets a customer's expected discounted value over a horizon, the formula of lifetimes'
    /// <c>customer_lifetime_value</c>: Σ_{k=1..K} E[Z | x, m̄] · (E[Y(k·u)] − E[Y((k−1)·u)]) / (1 + d)^k.
    /// </summary>
    /// <param name="purchases">The purchase model (BG/NBD, Pareto/NBD or Modified BG/NBD), fitted in the same time unit as <paramref name="history"/>.</param>
    /// <param name="history">The customer's history (x, t_x, T).</param>
    /// <param name="averageRepeatValue">The mean value of the customer's repeat purchases, m̄ (0 when x = 0), as <see cref="CustomerPurchaseSummary.AverageRepeatValue"/>.</param>
    /// <param name="options">The horizon, discount rate and time units per month; <see langword="null"/> for 12 months at 1 % a month in days.</param>
    /// <returns>The expected discounted value, in the currency of the purchase values.</returns>
    /// <remarks>
    /// K is <see cref="LifetimeValueOptions.Months"/>, u is <see cref="LifetimeValueOptions.UnitsPerMonth"/> and d is
    /// <see cref="LifetimeValueOptions.MonthlyDiscountRate"/>; E[Y(t)] is the purchase model's <see cref="IPurchaseModel.ExpectedPurchases"/> and
    /// E[Z | x, m̄] is <see cref="ExpectedAverageValue"/>. Each month's expected purchases are discounted as if made at the
    /// month's end, as lifetimes does.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="purchases"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range: <see cref="LifetimeValueOptions.Months"/> below 1, a negative or non-finite discount rate, or units per month not positive and finite.</exception>
    /// <exception cref="CrmValidationException">The history is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>) or the spend is (<see cref="ChurnErrorCodes.SpendInvalid"/>).</exception>
    public double LifetimeValue(IPurchaseModel purchases, CustomerSummary history, double averageRepeatValue, LifetimeValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options = CheckLifetime(options);
        HistoryCheck.Customer(history, nameof(history), forFit: false);
        var value = ExpectedAverageValue(new SpendSummary(history.Frequency, averageRepeatValue));
        return value * DiscountedPurchases(purchases, history, options, out _);
    }

    /// <summary>Computes <see cref="LifetimeValue"/> for many customers and ranks them, highest value first.</summary>
    /// <param name="purchases">The purchase model (BG/NBD, Pareto/NBD or Modified BG/NBD), fitted in the same time unit as the summaries.</param>
    /// <param name="customers">The customers, as <see cref="TransactionSummary.Summarize"/> gives them.</param>
    /// <param name="options">The horizon, discount rate and time units per month; <see langword="null"/> for the defaults.</param>
    /// <returns>One row per customer, by descending value (ties by ascending <see cref="CustomerId"/>), ranked from 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="purchases"/> or <paramref name="customers"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="CrmValidationException">A history or spend is impossible (<see cref="ChurnErrorCodes.HistoryInvalid"/>, <see cref="ChurnErrorCodes.SpendInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>customers[12]</c>.</exception>
    public IReadOnlyList<CustomerLifetimeValue> RankLifetimeValues(IPurchaseModel purchases, IEnumerable<CustomerPurchaseSummary> customers, LifetimeValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(customers);
        options = CheckLifetime(options);
        var rows = new List<CustomerLifetimeValue>();
        var index = 0;
        foreach (var c in customers)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(customers));
            var history = c.History;
            HistoryCheck.Customer(history, index, forFit: false);
            HistoryCheck.Spend(c.Spend, index);
            var value = ExpectedAverageValue(c.Spend);
            var discounted = DiscountedPurchases(purchases, history, options, out var total);
            rows.Add(new CustomerLifetimeValue
            {
                CustomerId = c.CustomerId,
                Rank = 0,
                LifetimeValue = value * discounted,
                ExpectedPurchases = total,
                ExpectedAverageValue = value,
                ProbabilityAlive = purchases.ProbabilityAlive(history),
            });
            index++;
        }

        rows.Sort((l, r) => r.LifetimeValue.CompareTo(l.LifetimeValue) is var byValue and not 0 ? byValue : l.CustomerId.CompareTo(r.CustomerId));
        return rows.Select((row, i) => row with { Rank = i + 1 }).ToList();
    }

    /// <summary>Σ_k (E[Y(k·u)] − E[Y((k−1)·u)]) / (1 + d)^k, and the undiscounted total E[Y(K·u)].</summary>
    private static double DiscountedPurchases(IPurchaseModel purchases, CustomerSummary history, LifetimeValueOptions options, out double total)
    {
        double sum = 0, previous = 0;
        for (var k = 1; k <= options.Months; k++)
        {
            var cumulative = purchases.ExpectedPurchases(history, k * options.UnitsPerMonth);
            sum += (cumulative - previous) / Math.Pow(1 + options.MonthlyDiscountRate, k);
            previous = cumulative;
        }

        total = previous;
        return sum;
    }

    private static LifetimeValueOptions CheckLifetime(LifetimeValueOptions? options)
    {
        options ??= new LifetimeValueOptions();
        if (options.Months < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Months, "Months must be at least 1.");
        }

        if (!(options.MonthlyDiscountRate >= 0) || !double.IsFinite(options.MonthlyDiscountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MonthlyDiscountRate, "MonthlyDiscountRate must be a finite number, at least 0.");
        }

        if (!(options.UnitsPerMonth > 0) || !double.IsFinite(options.UnitsPerMonth))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.UnitsPerMonth, "UnitsPerMonth must be a positive finite number.");
        }

        return options;
    }

    /// <summary>−LL at (p, q, v) and its gradient in (p, q, v).</summary>
    private static double Evaluate(double[] parameters, double[]? gradient, double[] xs, double[] ms, double[] logXs, double[] logMs)
    {
        var p = parameters[0];
        var q = parameters[1];
        var v = parameters[2];
        var lgQ = SpecialFunctions.LogGamma(q);
        var dgQ = SpecialFunctions.Digamma(q);
        var logV = Math.Log(v);
        double ll = 0, gp = 0, gq = 0, gv = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            var x = xs[i];
            var px = p * x;
            var logXmV = Math.Log((x * ms[i]) + v);
            ll += SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - lgQ + (q * logV)
                + ((px - 1) * logMs[i]) + (px * logXs[i]) - ((px + q) * logXmV);
            if (gradient is not null)
            {
                var dgPxQ = SpecialFunctions.Digamma(px + q);
                gp += x * (dgPxQ - SpecialFunctions.Digamma(px) + logMs[i] + logXs[i] - logXmV);
                gq += dgPxQ - dgQ + logV - logXmV;
                gv += (q / v) - ((px + q) / ((x * ms[i]) + v));
            }
        }

        if (gradient is not null)
        {
            gradient[0] = -gp;
            gradient[1] = -gq;
            gradient[2] = -gv;
        }

        return -ll;
    }
}
