namespace Crm.Churn.Internal;

/// <summary>
/// Customers grouped by identical (x, t_x, T) with the distinct x, t_x and T values indexed, so one likelihood
/// evaluation costs a few table look-ups, one exponential and one logarithm per distinct history.
/// </summary>
internal sealed class BgNbdData
{
    private readonly int[] _xIndex;
    private readonly int[] _txIndex;
    private readonly int[] _ageIndex;
    private readonly double[] _count;
    private readonly int[] _xs;
    private readonly double[] _txs;
    private readonly double[] _ages;

    // Scratch per evaluation: per distinct x, t_x and T.
    private readonly double[] _lgRx;
    private readonly double[] _dgRx;
    private readonly double[] _lgBx;
    private readonly double[] _dgBx;
    private readonly double[] _lgAbx;
    private readonly double[] _dgAbx;
    private readonly double[] _logBx1;
    private readonly double[] _invBx1;
    private readonly double[] _logTx;
    private readonly double[] _invTx;
    private readonly double[] _logAge;
    private readonly double[] _invAge;

    private BgNbdData(int[] xIndex, int[] txIndex, int[] ageIndex, double[] count, int[] xs, double[] txs, double[] ages, long customers, double meanAge)
    {
        _xIndex = xIndex;
        _txIndex = txIndex;
        _ageIndex = ageIndex;
        _count = count;
        _xs = xs;
        _txs = txs;
        _ages = ages;
        Customers = customers;
        MeanAge = meanAge;
        _lgRx = new double[xs.Length];
        _dgRx = new double[xs.Length];
        _lgBx = new double[xs.Length];
        _dgBx = new double[xs.Length];
        _lgAbx = new double[xs.Length];
        _dgAbx = new double[xs.Length];
        _logBx1 = new double[xs.Length];
        _invBx1 = new double[xs.Length];
        _logTx = new double[txs.Length];
        _invTx = new double[txs.Length];
        _logAge = new double[ages.Length];
        _invAge = new double[ages.Length];
    }

    public long Customers { get; }

    public int Groups => _count.Length;

    public double MeanAge { get; }

    public static BgNbdData Group(ReadOnlySpan<CustomerSummary> customers)
    {
        if (customers.IsEmpty)
        {
            throw new ArgumentException("At least one customer is needed to fit the model.", nameof(customers));
        }

        var groups = new Dictionary<CustomerSummary, int>();
        var counts = new List<double>();
        var xMap = new Dictionary<int, int>();
        var txMap = new Dictionary<double, int>();
        var ageMap = new Dictionary<double, int>();
        var xIndex = new List<int>();
        var txIndex = new List<int>();
        var ageIndex = new List<int>();
        var ageSum = 0.0;
        foreach (var c in customers)
        {
            if (c.Frequency < 0 || !(c.Recency >= 0) || !(c.Age > 0) || c.Recency > c.Age || !double.IsFinite(c.Age) || (c.Frequency == 0 && c.Recency != 0))
            {
                throw new ArgumentException($"The history (x = {c.Frequency}, t_x = {c.Recency}, T = {c.Age}) is impossible: it needs x ≥ 0, 0 ≤ t_x ≤ T, T > 0 and t_x = 0 when x = 0.", nameof(customers));
            }

            ageSum += c.Age;
            if (groups.TryGetValue(c, out var g))
            {
                counts[g]++;
                continue;
            }

            groups.Add(c, counts.Count);
            counts.Add(1);
            xIndex.Add(IndexOf(xMap, c.Frequency));
            txIndex.Add(IndexOf(txMap, c.Recency));
            ageIndex.Add(IndexOf(ageMap, c.Age));
        }

        return new BgNbdData(
            [.. xIndex],
            [.. txIndex],
            [.. ageIndex],
            [.. counts],
            Keys(xMap),
            Keys(txMap),
            Keys(ageMap),
            customers.Length,
            ageSum / customers.Length);
    }

    /// <summary>The objective for BFGS: −LL / n at θ = ln(r, α, a, b), with its gradient in θ.</summary>
    public double NegativeMeanLogLikelihood(double[] theta, double[] gradient)
    {
        double[] p = [Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3])];
        foreach (var value in p)
        {
            if (!(value > 1e-12) || !(value < 1e12))
            {
                return double.PositiveInfinity;
            }
        }

        var value2 = Evaluate(p, gradient);
        var n = (double)Customers;
        for (var i = 0; i < 4; i++)
        {
            // d/dθ = d/dp · p (chain rule on the log scale).
            gradient[i] = gradient[i] * p[i] / n;
        }

        return value2 / n;
    }

    /// <summary>∇(−LL) in the natural parameters, for the Hessian.</summary>
    public void NegativeLogLikelihoodGradient(double[] parameters, double[] gradient) => Evaluate(parameters, gradient);

    /// <summary>Computes −LL at (r, α, a, b) and, when asked, its gradient in (r, α, a, b).</summary>
    public double Evaluate(double[] parameters, double[]? gradient)
    {
        var r = parameters[0];
        var alpha = parameters[1];
        var a = parameters[2];
        var b = parameters[3];
        var lgR = SpecialFunctions.LogGamma(r);
        var lgB = SpecialFunctions.LogGamma(b);
        var lgAb = SpecialFunctions.LogGamma(a + b);
        var dgR = SpecialFunctions.Digamma(r);
        var dgB = SpecialFunctions.Digamma(b);
        var dgAb = SpecialFunctions.Digamma(a + b);
        var logAlpha = Math.Log(alpha);
        var logA = Math.Log(a);
        for (var k = 0; k < _xs.Length; k++)
        {
            var x = _xs[k];
            _lgRx[k] = SpecialFunctions.LogGamma(r + x);
            _lgBx[k] = SpecialFunctions.LogGamma(b + x);
            _lgAbx[k] = SpecialFunctions.LogGamma(a + b + x);
            _dgRx[k] = SpecialFunctions.Digamma(r + x);
            _dgBx[k] = SpecialFunctions.Digamma(b + x);
            _dgAbx[k] = SpecialFunctions.Digamma(a + b + x);
            _logBx1[k] = x > 0 ? Math.Log(b + x - 1) : 0;
            _invBx1[k] = x > 0 ? 1.0 / (b + x - 1) : 0;
        }

        for (var k = 0; k < _txs.Length; k++)
        {
            _logTx[k] = Math.Log(alpha + _txs[k]);
            _invTx[k] = 1.0 / (alpha + _txs[k]);
        }

        for (var k = 0; k < _ages.Length; k++)
        {
            _logAge[k] = Math.Log(alpha + _ages[k]);
            _invAge[k] = 1.0 / (alpha + _ages[k]);
        }

        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        var xIndex = _xIndex;
        var txIndex = _txIndex;
        var ageIndex = _ageIndex;
        var count = _count;
        var xs = _xs;
        for (var g = 0; g < count.Length; g++)
        {
            var k = xIndex[g];
            var x = xs[k];
            var c = count[g];
            var ti = ageIndex[g];
            var rx = r + x;
            var a1 = _lgRx[k] - lgR + (r * logAlpha);
            var a2 = lgAb + _lgBx[k] - lgB - _lgAbx[k];
            var a3 = -rx * _logAge[ti];
            double l, w4, logTx = 0, invTx = 0;
            if (x > 0)
            {
                var xi = txIndex[g];
                logTx = _logTx[xi];
                invTx = _invTx[xi];
                var a4 = logA - _logBx1[k] - (rx * logTx);

                // ln(e^A3 + e^A4) and the share of the A4 term, stably.
                var d = a4 - a3;
                if (d < 0)
                {
                    var e = Math.Exp(d);
                    l = a3 + Math.Log(1.0 + e);
                    w4 = e / (1.0 + e);
                }
                else
                {
                    var e = Math.Exp(-d);
                    l = a4 + Math.Log(1.0 + e);
                    w4 = 1.0 / (1.0 + e);
                }
            }
            else
            {
                l = a3;
                w4 = 0;
            }

            ll += c * (a1 + a2 + l);
            if (gradient is not null)
            {
                var w3 = 1.0 - w4;
                gr += c * (_dgRx[k] - dgR + logAlpha - (w3 * _logAge[ti]) - (w4 * logTx));
                gAlpha += c * ((r / alpha) - (rx * ((w3 * _invAge[ti]) + (w4 * invTx))));
                ga += c * (dgAb - _dgAbx[k] + (w4 / a));
                gb += c * (dgAb + _dgBx[k] - dgB - _dgAbx[k] - (w4 * _invBx1[k]));
            }
        }

        if (gradient is not null)
        {
            gradient[0] = -gr;
            gradient[1] = -gAlpha;
            gradient[2] = -ga;
            gradient[3] = -gb;
        }

        return -ll;
    }

    private static int IndexOf<T>(Dictionary<T, int> map, T key)
        where T : notnull
    {
        if (!map.TryGetValue(key, out var index))
        {
            index = map.Count;
            map.Add(key, index);
        }

        return index;
    }

    private static T[] Keys<T>(Dictionary<T, int> map)
        where T : notnull
    {
        var keys = new T[map.Count];
        foreach (var (key, index) in map)
        {
            keys[index] = key;
        }

        return keys;
    }
}
