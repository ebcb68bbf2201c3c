namespace Crm.Churn.Internal;

/// <summary>
/// Customers grouped by identical (x, t_x, T) with the distinct x, t_x and T values indexed, so one likelihood
/// evaluation costs a few table look-ups, one exponential and one logarithm per distinct history.
/// </summary>
internal sealed class BgNbdData
{
    private const int ParallelThreshold = 32_768;
    private const int Chunks = 8;

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

    private BgNbdData(int[] xIndex, int[] txIndex, int[] ageIndex, double[] count, int[] xs, double[] txs, double[] ages, long customers, double meanAge, long repeaters, long repeatersBefore)
    {
        Repeaters = repeaters;
        RepeatersBeforeAge = repeatersBefore;
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

    /// <summary>Gets how many customers have a repeat purchase (x &gt; 0).</summary>
    public long Repeaters { get; }

    /// <summary>Gets how many repeat buyers' last purchase is before the end of observation (t_x &lt; T): only they show drop-out.</summary>
    public long RepeatersBeforeAge { get; }

    public static BgNbdData Group(ReadOnlySpan<CustomerSummary> customers)
    {
        var groups = new Dictionary<CustomerSummary, int>(HistoryComparer.Instance);
        var counts = new List<double>();
        var xMap = new Dictionary<int, int>();
        var txMap = new Dictionary<double, int>();
        var ageMap = new Dictionary<double, int>();
        var xIndex = new List<int>();
        var txIndex = new List<int>();
        var ageIndex = new List<int>();
        var ageSum = 0.0;
        long repeaters = 0, repeatersBefore = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            HistoryCheck.Customer(c, i, forFit: true);
            ageSum += c.Age;
            if (c.Frequency > 0)
            {
                repeaters++;
                if (c.Recency < c.Age)
                {
                    repeatersBefore++;
                }
            }

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
            customers.IsEmpty ? 0 : ageSum / customers.Length,
            repeaters,
            repeatersBefore);
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

    /// <summary>
    /// The objective of the no-drop-out limit of BG/NBD (a → 0, where it is the NBD model: Poisson purchases at a
    /// Gamma(r, α) rate): −LL / n at θ = ln(r, α), with its gradient in θ.
    /// </summary>
    public double NbdNegativeMeanLogLikelihood(double[] theta, double[] gradient)
    {
        var r = Math.Exp(theta[0]);
        var alpha = Math.Exp(theta[1]);
        if (!(r > 1e-12) || !(r < 1e12) || !(alpha > 1e-12) || !(alpha < 1e12))
        {
            return double.PositiveInfinity;
        }

        var lgR = SpecialFunctions.LogGamma(r);
        var dgR = SpecialFunctions.Digamma(r);
        var logAlpha = Math.Log(alpha);
        for (var k = 0; k < _xs.Length; k++)
        {
            _lgRx[k] = SpecialFunctions.LogGamma(r + _xs[k]);
            _dgRx[k] = SpecialFunctions.Digamma(r + _xs[k]);
        }

        for (var k = 0; k < _ages.Length; k++)
        {
            _logAge[k] = Math.Log(alpha + _ages[k]);
            _invAge[k] = 1.0 / (alpha + _ages[k]);
        }

        double ll = 0, gr = 0, gAlpha = 0;
        for (var g = 0; g < _count.Length; g++)
        {
            var k = _xIndex[g];
            var ti = _ageIndex[g];
            var c = _count[g];
            var rx = r + _xs[k];
            ll += c * (_lgRx[k] - lgR + (r * logAlpha) - (rx * _logAge[ti]));
            gr += c * (_dgRx[k] - dgR + logAlpha - _logAge[ti]);
            gAlpha += c * ((r / alpha) - (rx * _invAge[ti]));
        }

        var n = (double)Customers;
        gradient[0] = -gr * r / n;
        gradient[1] = -gAlpha * alpha / n;
        return -ll / n;
    }

    /// <summary>
    /// Whether any amount of drop-out makes the data more likely than none, at first order, at the no-drop-out fit (r, α).
    /// </summary>
    /// <remarks>
    /// As a → 0 (for any b), and as b → ∞ (for any a), BG/NBD becomes the NBD model, whose log-likelihood does not depend
    /// on the other drop-out parameter. With ρᵢ = ((α + Tᵢ)/(α + t_xᵢ))^(r + xᵢ) ≥ 1 over repeat buyers, ∂ℓ/∂a at a = 0 is
    /// S(b) = Σᵢ [ρᵢ / (b + xᵢ − 1) − Σ_{j&lt;xᵢ} 1/(b + j)], and ∂ℓ/∂(1/b) at b = ∞ is a·Σᵢ (ρᵢ − xᵢ), the limit of b·S(b);
    /// customers with x = 0 add nothing. If neither is positive for any b, no step from the no-drop-out edge raises the
    /// likelihood: its maximum is on that edge. A customer whose last purchase is at T has ρ = 1 and adds
    /// 1/(b + x − 1) − Σ_{j&lt;x} 1/(b + j) ≤ 0; only last purchases well before T (ρ large) speak for drop-out. S is
    /// evaluated on a grid of b from 10⁻³ to 10⁶, a quarter decade apart, and at b = ∞.
    /// </remarks>
    /// <returns>The b where drop-out raises the likelihood most, relative to its size (∞ for the limit), or <see langword="null"/> when it raises it nowhere.</returns>
    public double? DropOutHelpsAt(double r, double alpha)
    {
        // Per distinct x: Σ c and Σ c·ρ, so each b costs one pass over the distinct frequencies.
        var count = new double[_xs.Length];
        var sumRho = new double[_xs.Length];
        for (var k = 0; k < _txs.Length; k++)
        {
            _logTx[k] = Math.Log(alpha + _txs[k]);
        }

        for (var k = 0; k < _ages.Length; k++)
        {
            _logAge[k] = Math.Log(alpha + _ages[k]);
        }

        for (var g = 0; g < _count.Length; g++)
        {
            var k = _xIndex[g];
            var x = _xs[k];
            if (x == 0)
            {
                continue;
            }

            // May overflow to +∞ for a frequent buyer gone long ago: then drop-out helps, as it should.
            count[k] += _count[g];
            sumRho[k] += _count[g] * Math.Exp((r + x) * (_logAge[_ageIndex[g]] - _logTx[_txIndex[g]]));
        }

        double? best = null;
        var bestRatio = 1 + 1e-9;
        for (var step = -12; step <= 25; step++)
        {
            // Step 25 stands for b = ∞, where b·S(b) → Σ ρ − Σ x.
            var b = step == 25 ? double.PositiveInfinity : Math.Pow(10, step / 4.0);
            double gain = 0, loss = 0;
            for (var k = 0; k < _xs.Length; k++)
            {
                var x = _xs[k];
                if (count[k] == 0)
                {
                    continue;
                }

                gain += double.IsPositiveInfinity(b) ? sumRho[k] : sumRho[k] / (b + x - 1);
                loss += count[k] * (double.IsPositiveInfinity(b) ? x : HarmonicFrom(b, x));
            }

            // A relative margin, so rounding in exact ties (x = 1 and t_x = T give gain = loss) is not evidence.
            var ratio = gain / loss;
            if (ratio > bestRatio || double.IsNaN(ratio))
            {
                (bestRatio, best) = (double.IsNaN(ratio) ? double.PositiveInfinity : ratio, b);
            }
        }

        return best;
    }

    /// <summary>Σ_{j=0}^{x−1} 1/(b + j), summed for small x and as ψ(b + x) − ψ(b) beyond.</summary>
    private static double HarmonicFrom(double b, int x)
    {
        if (x > 200)
        {
            return SpecialFunctions.Digamma(b + x) - SpecialFunctions.Digamma(b);
        }

        var sum = 0.0;
        for (var j = x - 1; j >= 0; j--)
        {
            sum += 1.0 / (b + j);
        }

        return sum;
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

        var p = new Point(r, alpha, a, logAlpha, logA, lgR + lgB - lgAb, dgR, dgB, dgAb);
        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        var withGradient = gradient is not null;
        if (_count.Length < ParallelThreshold)
        {
            (ll, gr, gAlpha, ga, gb) = Accumulate(p, 0, _count.Length, withGradient);
        }
        else
        {
            // Fixed chunks, summed in chunk order: the result does not depend on the number of processors.
            var partial = new (double, double, double, double, double)[Chunks];
            var size = (_count.Length + Chunks - 1) / Chunks;
            Parallel.For(0, Chunks, c => partial[c] = Accumulate(p, c * size, Math.Min(_count.Length, (c + 1) * size), withGradient));
            foreach (var (l, dr, dAlpha, da, db) in partial)
            {
                ll += l;
                gr += dr;
                gAlpha += dAlpha;
                ga += da;
                gb += db;
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

    private (double Ll, double Gr, double GAlpha, double Ga, double Gb) Accumulate(Point p, int from, int to, bool withGradient)
    {
        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        var xIndex = _xIndex;
        var txIndex = _txIndex;
        var ageIndex = _ageIndex;
        var count = _count;
        var xs = _xs;
        for (var g = from; g < to; g++)
        {
            var k = xIndex[g];
            var x = xs[k];
            var c = count[g];
            var ti = ageIndex[g];
            var rx = p.R + x;
            var a1 = _lgRx[k] + (p.R * p.LogAlpha);
            var a2 = _lgBx[k] - _lgAbx[k] - p.LgConstant;
            var a3 = -rx * _logAge[ti];
            double l, w4, logTx = 0, invTx = 0;
            if (x > 0)
            {
                var xi = txIndex[g];
                logTx = _logTx[xi];
                invTx = _invTx[xi];
                var a4 = p.LogA - _logBx1[k] - (rx * logTx);

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
            if (withGradient)
            {
                var w3 = 1.0 - w4;
                gr += c * (_dgRx[k] - p.DgR + p.LogAlpha - (w3 * _logAge[ti]) - (w4 * logTx));
                gAlpha += c * ((p.R / p.Alpha) - (rx * ((w3 * _invAge[ti]) + (w4 * invTx))));
                ga += c * (p.DgAb - _dgAbx[k] + (w4 / p.A));
                gb += c * (p.DgAb + _dgBx[k] - p.DgB - _dgAbx[k] - (w4 * _invBx1[k]));
            }
        }

        return (ll, gr, gAlpha, ga, gb);
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

    /// <summary>The parameters and the terms that do not depend on the customer, for one evaluation.</summary>
    private readonly record struct Point(double R, double Alpha, double A, double LogAlpha, double LogA, double LgConstant, double DgR, double DgB, double DgAb);

    /// <summary>Exact equality of histories with a cheap multiplicative hash of the bits.</summary>
    private sealed class HistoryComparer : IEqualityComparer<CustomerSummary>
    {
        public static readonly HistoryComparer Instance = new();

        public bool Equals(CustomerSummary x, CustomerSummary y) => x.Frequency == y.Frequency && x.Recency == y.Recency && x.Age == y.Age;

        public int GetHashCode(CustomerSummary obj)
        {
            var h = (ulong)BitConverter.DoubleToInt64Bits(obj.Recency) * 0x9E3779B97F4A7C15UL;
            h ^= (ulong)BitConverter.DoubleToInt64Bits(obj.Age) * 0xC2B2AE3D27D4EB4FUL;
            h ^= (ulong)(uint)obj.Frequency * 0x165667B19E3779F9UL;
            return (int)(h ^ (h >> 32));
        }
    }
}
