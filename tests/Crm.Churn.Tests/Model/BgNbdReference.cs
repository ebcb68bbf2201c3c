namespace Crm.Churn.Tests.Model;

/// <summary>
/// The BG/NBD conditional expectation written out from the paper (Fader, Hardie and Lee 2005, eq. 10) with a plain
/// hypergeometric series, independent of the library's log-space evaluation, to check the library against.
/// </summary>
internal static class BgNbdReference
{
    /// <summary>E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / [1 + δ(x&gt;0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)].</summary>
    public static double ExpectedPurchases(double r, double alpha, double a, double b, int x, double tx, double age, double t)
    {
        var z = t / (alpha + age + t);
        var hyp = Hyp2F1(r + x, b + x, a + b + x - 1, z);
        var numerator = (a + b + x - 1) / (a - 1) * (1 - (Math.Pow((alpha + age) / (alpha + age + t), r + x) * hyp));
        var denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.Pow((alpha + age) / (alpha + tx), r + x) : 0);
        return numerator / denominator;
    }

    /// <summary>₂F₁(a, b; c; z) = Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed term by term for |z| &lt; 1.</summary>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        double sum = 1, term = 1;
        for (var n = 0; n < 100_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum))
            {
                break;
            }
        }

        return sum;
    }
}
