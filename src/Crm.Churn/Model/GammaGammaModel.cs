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

    /// <summary>Fits the model by maximum likelihood on the customers with x &gt; 0 and a positive mean value.</summary>
    /// <param name="customers">The customers; the others are skipped.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">Fewer than two customers have repeat purchases with a positive value.</exception>
    /// <exception cref="InvalidOperationException">The optimiser found no maximum.</exception>
    public static GammaGammaModel Fit(ReadOnlySpan<SpendSummary> customers)
    {
        var x = new List<double>();
        var m = new List<double>();
        foreach (var c in customers)
        {
            if (c.Frequency > 0 && c.AverageValue > 0 && double.IsFinite(c.AverageValue))
            {
                x.Add(c.Frequency);
                m.Add(c.AverageValue);
            }
        }

        if (x.Count < 2)
        {
            throw new ArgumentException("At least two customers with repeat purchases and a positive mean value are needed.", nameof(customers));
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
        double[][] starts = [[0.0, 0.0, Math.Log(meanM)], [0.0, 0.0, 0.0], [Math.Log(5), Math.Log(3), Math.Log(meanM * 2)]];
        (double[] Theta, double Value, int Iterations, bool Converged)? best = null;
        foreach (var start in starts)
        {
            var result = Bfgs.Minimize(Objective, start);
            if (double.IsFinite(result.Value) && (best is null || result.Value < best.Value.Value))
            {
                best = result;
            }

            if (result.Converged)
            {
                break;
            }
        }

        if (best is not { } fit || !fit.Converged)
        {
            throw new InvalidOperationException("The Gamma-Gamma likelihood has no maximum for these data from any start.");
        }

        double[] p = [Math.Exp(fit.Theta[0]), Math.Exp(fit.Theta[1]), Math.Exp(fit.Theta[2])];
        var errors = Bfgs.StandardErrors((at, g) => Evaluate(at, g, xs, ms, logXs, logMs), p);
        return new GammaGammaModel(p[0], p[1], p[2], -Evaluate(p, null, xs, ms, logXs, logMs), errors, xs.Length);
    }

    /// <summary>Gets a customer's expected value per purchase: (1 − w)·population mean + w·m̄ with w = p·x / (p·x + q − 1).</summary>
    /// <param name="customer">The customer; with no repeat purchase the population mean is returned.</param>
    /// <returns>The conditional expectation, E[Z | x, m̄].</returns>
    public double ExpectedAverageValue(SpendSummary customer)
    {
        if (customer.Frequency <= 0)
        {
            return PopulationMeanValue;
        }

        return P * (V + (customer.Frequency * customer.AverageValue)) / ((P * customer.Frequency) + Q - 1);
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
