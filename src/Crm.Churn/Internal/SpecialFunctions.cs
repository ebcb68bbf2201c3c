namespace Crm.Churn.Internal;

/// <summary>The few special functions the customer-base models need, in double precision.</summary>
internal static class SpecialFunctions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private const double HalfLog2Pi = 0.91893853320467274178;

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7; about 15 significant digits).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1.0 - x);
        }

        x -= 1.0;
        var sum = Lanczos[0];
        for (var i = 1; i < 9; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return HalfLog2Pi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>ψ(x) = d ln Γ(x) / dx for x &gt; 0 (recurrence up to 6, then the asymptotic series).</summary>
    public static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 6.0)
        {
            result -= 1.0 / x;
            x += 1.0;
        }

        var f = 1.0 / (x * x);
        var series = f * (-1.0 / 12 + (f * (1.0 / 120 + (f * (-1.0 / 252 + (f * (1.0 / 240 + (f * (-1.0 / 132)))))))));
        return result + Math.Log(x) - (0.5 / x) + series;
    }

    /// <summary>
    /// ln ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1 by Euler's transformation
    /// ₂F₁(a, b; c; z) = (1 − z)^(c − a − b) ₂F₁(c − a, c − b; c; z), whose series has small parameters for the BG/NBD use.
    /// </summary>
    public static double LogHyp2F1(double a, double b, double c, double z)
    {
        var ca = c - a;
        var cb = c - b;
        return Math.Log(Hyp2F1Series(ca, cb, c, z)) + ((c - a - b) * Math.Log(1.0 - z));
    }

    /// <summary>The Gauss series of ₂F₁ for |z| &lt; 1, summed until terms stop mattering.</summary>
    public static double Hyp2F1Series(double a, double b, double c, double z)
    {
        var term = 1.0;
        var sum = 1.0;
        for (var n = 0; n < 100_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) <= 1e-16 * Math.Abs(sum))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>e^y − 1 accurate for small y (Kahan's trick: the rounding of e^y cancels in (u − 1) y / ln u).</summary>
    public static double ExpM1(double y)
    {
        var u = Math.Exp(y);
        if (u == 1.0 || double.IsPositiveInfinity(u))
        {
            return u == 1.0 ? y : u;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * y / Math.Log(u);
    }

    /// <summary>ln(e^u + e^v) without overflow.</summary>
    public static double LogSumExp(double u, double v) =>
        u > v ? u + Math.Log(1.0 + Math.Exp(v - u)) : v + Math.Log(1.0 + Math.Exp(u - v));
}
