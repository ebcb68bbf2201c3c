namespace Crm.Churn.Internal;

/// <summary>One customer's log-likelihood under a four-parameter model, at natural parameters.</summary>
internal delegate double LogLikelihoodOfOne(double p0, double p1, double p2, double p3, CustomerSummary customer);

/// <summary>
/// Customers grouped by identical (x, t_x, T), with a four-parameter model's log-likelihood over the groups (Pareto/NBD,
/// Modified BG/NBD): each distinct history is evaluated once and weighted by its count.
/// </summary>
internal sealed class HistoryGroups
{
    private readonly LogLikelihoodOfOne _logLikelihoodOfOne;
    private readonly CustomerSummary[] _histories;
    private readonly double[] _counts;

    private HistoryGroups(LogLikelihoodOfOne logLikelihoodOfOne, CustomerSummary[] histories, double[] counts, long customers, long repeaters, double meanAge)
    {
        _logLikelihoodOfOne = logLikelihoodOfOne;
        _histories = histories;
        _counts = counts;
        Customers = customers;
        Repeaters = repeaters;
        MeanAge = meanAge;
    }

    public long Customers { get; }

    public long Repeaters { get; }

    public double MeanAge { get; }

    public int Groups => _counts.Length;

    public static HistoryGroups Group(ReadOnlySpan<CustomerSummary> customers, LogLikelihoodOfOne logLikelihoodOfOne)
    {
        var index = new Dictionary<CustomerSummary, int>();
        var histories = new List<CustomerSummary>();
        var counts = new List<double>();
        long repeaters = 0;
        double ageSum = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            HistoryCheck.Customer(c, i, forFit: true);
            if (c.Frequency > 0)
            {
                repeaters++;
            }

            ageSum += c.Age;
            if (index.TryGetValue(c, out var g))
            {
                counts[g]++;
            }
            else
            {
                index[c] = histories.Count;
                histories.Add(c);
                counts.Add(1);
            }
        }

        return new HistoryGroups(logLikelihoodOfOne, [.. histories], [.. counts], customers.Length, repeaters, customers.Length > 0 ? ageSum / customers.Length : 0);
    }

    /// <summary>The log-likelihood at natural parameters.</summary>
    public double LogLikelihood(double p0, double p1, double p2, double p3)
    {
        var total = 0.0;
        for (var i = 0; i < _histories.Length; i++)
        {
            total += _counts[i] * _logLikelihoodOfOne(p0, p1, p2, p3, _histories[i]);
        }

        return total;
    }

    /// <summary>−LL / n at θ = the logarithms of the parameters, with the gradient in θ by central differences.</summary>
    public double NegativeMeanLogLikelihood(double[] theta, double[] gradient)
    {
        var value = MeanAt(theta);
        if (!double.IsFinite(value))
        {
            return double.PositiveInfinity;
        }

        var point = (double[])theta.Clone();
        for (var j = 0; j < 4; j++)
        {
            const double Step = 1e-5;
            point[j] = theta[j] + Step;
            var plus = MeanAt(point);
            point[j] = theta[j] - Step;
            var minus = MeanAt(point);
            point[j] = theta[j];
            gradient[j] = (plus - minus) / (2 * Step);
        }

        return value;
    }

    /// <summary>∇(−LL) at natural parameters, by central differences, for the curvature at the maximum.</summary>
    public void NegativeLogLikelihoodGradient(double[] parameters, double[] gradient)
    {
        var point = (double[])parameters.Clone();
        for (var j = 0; j < 4; j++)
        {
            var step = 1e-6 * parameters[j];
            point[j] = parameters[j] + step;
            var plus = -LogLikelihood(point[0], point[1], point[2], point[3]);
            point[j] = parameters[j] - step;
            var minus = -LogLikelihood(point[0], point[1], point[2], point[3]);
            point[j] = parameters[j];
            gradient[j] = (plus - minus) / (2 * step);
        }
    }

    private double MeanAt(double[] theta)
    {
        for (var i = 0; i < 4; i++)
        {
            if (!(Math.Abs(theta[i]) < 27.6))
            {
                // Outside 10^±12: no finite evaluation is meaningful there.
                return double.PositiveInfinity;
            }
        }

        var ll = LogLikelihood(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
        return double.IsFinite(ll) ? -ll / Customers : double.PositiveInfinity;
    }
}
