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
public sealed class BgNbdModel
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

    /// <summary>Fits the model by maximum likelihood.</summary>
    /// <param name="customers">The customers' histories, all in one time unit.</param>
    /// <returns>The fitted model with its log-likelihood and standard errors.</returns>
    /// <exception cref="ArgumentException">There are no customers, or a history is impossible (negative values, recency above age, a zero age).</exception>
    /// <exception cref="InvalidOperationException">The optimiser found no maximum from any start (degenerate data, such as nobody ever repeating).</exception>
    public static BgNbdModel Fit(ReadOnlySpan<CustomerSummary> customers)
    {
        var data = BgNbdData.Group(customers);
        double[] start = [0.0, Math.Log(Math.Max(data.MeanAge, 1e-3)), 0.0, 0.0];
        double[][] starts = [start, [0.0, 0.0, 0.0, 0.0], [Math.Log(0.5), Math.Log(Math.Max(data.MeanAge / 10, 1e-3)), Math.Log(0.5), Math.Log(2)]];
        (double[] Theta, double Value, int Iterations, bool Converged)? best = null;
        foreach (var s in starts)
        {
            var result = Bfgs.Minimize(data.NegativeMeanLogLikelihood, s);
            if (double.IsFinite(result.Value) && (best is null || result.Value < best.Value.Value))
            {
                best = result;
            }

            if (result.Converged && double.IsFinite(result.Value))
            {
                break;
            }
        }

        if (best is not { } fit || !fit.Converged)
        {
            throw new InvalidOperationException("The BG/NBD likelihood has no maximum for these data from any start; the data may be degenerate (for example nobody repeats).");
        }

        double[] natural = [Math.Exp(fit.Theta[0]), Math.Exp(fit.Theta[1]), Math.Exp(fit.Theta[2]), Math.Exp(fit.Theta[3])];
        var errors = Bfgs.StandardErrors(data.NegativeLogLikelihoodGradient, natural);
        var logLikelihood = -data.Evaluate(natural, null);
        return new BgNbdModel(natural[0], natural[1], natural[2], natural[3], logLikelihood, errors, data.Customers, data.Groups);
    }

    /// <summary>Computes the log-likelihood of these parameters for a population.</summary>
    /// <param name="customers">The customers' histories.</param>
    /// <returns>The sum of the customers' log-likelihoods.</returns>
    public double LogLikelihoodOf(ReadOnlySpan<CustomerSummary> customers) =>
        -BgNbdData.Group(customers).Evaluate([R, Alpha, A, B], null);

    /// <summary>Gets the probability that a customer with this history is still alive at the end of observation.</summary>
    /// <param name="customer">The history.</param>
    /// <returns>A probability in (0, 1]; exactly 1 for a customer with no repeat purchase (the model's assumption: drop-out happens only after a purchase).</returns>
    public double ProbabilityAlive(CustomerSummary customer)
    {
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
    public double ExpectedPurchases(CustomerSummary customer, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        return Numerator(customer.Frequency, customer.Age, t) * ProbabilityAlive(customer);
    }

    /// <summary>
    /// Computes <see cref="ProbabilityAlive(CustomerSummary)"/> and <see cref="ExpectedPurchases(CustomerSummary, double)"/> for many customers at once,
    /// evaluating the hypergeometric term once per distinct (x, T) and splitting large inputs over the processors.
    /// </summary>
    /// <param name="customers">The histories.</param>
    /// <param name="t">The horizon, at least 0.</param>
    /// <param name="probabilityAlive">Receives P(alive) per customer; at least as long as <paramref name="customers"/>.</param>
    /// <param name="expectedPurchases">Receives E[Y(t)] per customer; at least as long as <paramref name="customers"/>.</param>
    /// <exception cref="ArgumentException">An output is shorter than the input.</exception>
    public void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        if (probabilityAlive.Length < customers.Length || expectedPurchases.Length < customers.Length)
        {
            throw new ArgumentException("The outputs must be at least as long as the input.");
        }

        const int Chunk = 1 << 16;
        var chunks = (customers.Length + Chunk - 1) / Chunk;
        if (chunks <= 1)
        {
            PredictChunk(customers.Span, t, probabilityAlive.Span, expectedPurchases.Span);
            return;
        }

        Parallel.For(0, chunks, i =>
        {
            var from = i * Chunk;
            var length = Math.Min(Chunk, customers.Length - from);
            PredictChunk(customers.Span.Slice(from, length), t, probabilityAlive.Span.Slice(from, length), expectedPurchases.Span.Slice(from, length));
        });
    }

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

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The parameter must be a positive finite number.");
        }
    }
}
