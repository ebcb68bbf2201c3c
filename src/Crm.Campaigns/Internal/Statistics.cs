namespace Crm.Campaigns.Internal;

/// <summary>The intervals of the report: Wilson and Newcombe for proportions, Welch for means, at 95%.</summary>
internal static class Statistics
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z975 = 1.959963984540054;

    /// <summary>The normal quantile of 80% power.</summary>
    public const double Z80 = 0.8416212335729143;

    /// <summary>Wilson's score interval of a proportion at 95%.</summary>
    public static (double Lower, double Upper) Wilson(long successes, long n)
    {
        if (n == 0)
        {
            return (0, 1);
        }

        var p = (double)successes / n;
        var z2 = Z975 * Z975;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = Z975 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Newcombe's hybrid score interval (his method 10) of p1 - p2, from the two Wilson intervals.</summary>
    public static Estimate NewcombeDifference(long x1, long n1, long x2, long n2)
    {
        var p1 = n1 == 0 ? 0 : (double)x1 / n1;
        var p2 = n2 == 0 ? 0 : (double)x2 / n2;
        var (l1, u1) = Wilson(x1, n1);
        var (l2, u2) = Wilson(x2, n2);
        var d = p1 - p2;
        return new Estimate(
            d,
            d - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2))),
            d + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2))));
    }

    /// <summary>Welch's interval of mean1 - mean2 at 95%, with the Welch–Satterthwaite degrees of freedom.</summary>
    public static Estimate WelchDifference(in Moments a, in Moments b)
    {
        var d = a.Mean - b.Mean;
        var va = a.N > 0 ? a.Variance / a.N : 0;
        var vb = b.N > 0 ? b.Variance / b.N : 0;
        var se = Math.Sqrt(va + vb);
        if (se == 0 || a.N < 2 || b.N < 2)
        {
            return new Estimate(d, d, d);
        }

        var df = (va + vb) * (va + vb) / ((va * va / (a.N - 1)) + (vb * vb / (b.N - 1)));
        var t = StudentQuantile975(df);
        return new Estimate(d, d - (t * se), d + (t * se));
    }

    /// <summary>
    /// The 97.5% quantile of Student's t with <paramref name="df"/> degrees of freedom, by the Cornish–Fisher expansion
    /// around the normal quantile (Abramowitz and Stegun 26.7.5): within 1e-4 from 3 degrees of freedom, within 1e-8
    /// from 100; campaigns have thousands.
    /// </summary>
    public static double StudentQuantile975(double df)
    {
        const double Z = Z975;
        var z3 = Z * Z * Z;
        var z5 = z3 * Z * Z;
        var z7 = z5 * Z * Z;
        var z9 = z7 * Z * Z;
        return Z
            + ((z3 + Z) / (4 * df))
            + (((5 * z5) + (16 * z3) + (3 * Z)) / (96 * df * df))
            + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * Z)) / (384 * df * df * df))
            + (((79 * z9) + (776 * z7) + (1482 * z5) - (1920 * z3) - (945 * Z)) / (92160 * df * df * df * df));
    }

    /// <summary>The minimum detectable difference of two means or proportions, two-sided 5% and 80% power, from the standard error.</summary>
    public static double MinimumDetectable(double standardError) => (Z975 + Z80) * standardError;

    /// <summary>Scales an estimate (a difference to a relative one, a per-customer one to a total).</summary>
    public static Estimate Scale(Estimate e, double factor) =>
        factor >= 0 ? new Estimate(e.Value * factor, e.Lower * factor, e.Upper * factor) : new Estimate(e.Value * factor, e.Upper * factor, e.Lower * factor);
}

/// <summary>A running count, mean and sum of squared deviations (Welford), for one arm's per-customer values.</summary>
internal struct Moments
{
    private double _m2;

    public long N { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Gets the sample variance (n - 1).</summary>
    public readonly double Variance => N > 1 ? _m2 / (N - 1) : 0;

    public void Add(double x)
    {
        N++;
        var delta = x - Mean;
        Mean += delta / N;
        _m2 += delta * (x - Mean);
    }
}
