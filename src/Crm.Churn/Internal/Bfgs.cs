namespace Crm.Churn.Internal;

/// <summary>
/// A small BFGS minimiser with a backtracking (Armijo) line search, for the few-parameter likelihoods of the churn
/// models. Parameters are optimised on the log scale by the callers, so the search is unconstrained.
/// </summary>
internal static class Bfgs
{
    /// <summary>Computes f(θ) and writes ∇f(θ) into the gradient; returns +∞ or NaN where f is undefined.</summary>
    public delegate double Objective(double[] theta, double[] gradient);

    public static (double[] Theta, double Value, int Iterations, bool Converged) Minimize(Objective f, double[] start, int maxIterations = 500, double gradientTolerance = 1e-9)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx))
        {
            return (x, fx, 0, false);
        }

        var h = Identity(n);
        var p = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (MaxAbs(g) < gradientTolerance)
            {
                return (x, fx, iteration - 1, true);
            }

            for (var i = 0; i < n; i++)
            {
                p[i] = 0;
                for (var j = 0; j < n; j++)
                {
                    p[i] -= h[i, j] * g[j];
                }
            }

            var slope = Dot(p, g);
            if (slope >= 0)
            {
                // Not a descent direction: fall back to steepest descent and forget the curvature.
                h = Identity(n);
                for (var i = 0; i < n; i++)
                {
                    p[i] = -g[i];
                }

                slope = Dot(p, g);
            }

            // Keep a step at most 2 in log-space (a factor of e² per parameter).
            var step = Math.Min(1.0, 2.0 / Math.Max(MaxAbs(p), 1e-300));
            double fNew = double.NaN;
            var accepted = false;
            for (var k = 0; k < 60; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + (step * p[i]);
                }

                fNew = f(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= fx + (1e-4 * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                return (x, fx, iteration, MaxAbs(g) < gradientTolerance * 1e3);
            }

            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }

            var sy = Dot(s, y);
            if (sy > 1e-300)
            {
                if (iteration == 1)
                {
                    // Scale the first inverse-Hessian guess (Nocedal and Wright 6.20).
                    var scale = sy / Dot(y, y);
                    for (var i = 0; i < n; i++)
                    {
                        h[i, i] = scale;
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    hy[i] = 0;
                    for (var j = 0; j < n; j++)
                    {
                        hy[i] += h[i, j] * y[j];
                    }
                }

                var yhy = Dot(y, hy);
                var rho = 1.0 / sy;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        h[i, j] += (((1.0 + (rho * yhy)) * rho * s[i] * s[j]) - (rho * ((hy[i] * s[j]) + (s[i] * hy[j]))));
                    }
                }
            }

            var improvement = fx - fNew;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
            if (improvement <= 1e-15 * Math.Max(1.0, Math.Abs(fx)) && MaxAbs(g) < gradientTolerance * 1e3)
            {
                return (x, fx, iteration, true);
            }
        }

        return (x, fx, maxIterations, MaxAbs(g) < gradientTolerance * 1e3);
    }

    /// <summary>Inverts a small symmetric positive-definite matrix by Gauss-Jordan elimination with partial pivoting.</summary>
    public static double[,]? Invert(double[,] m)
    {
        var n = m.GetLength(0);
        var a = new double[n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = m[i, j];
            }

            a[i, n + i] = 1;
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-300)
            {
                return null;
            }

            for (var j = 0; j < 2 * n; j++)
            {
                (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            }

            var d = a[col, col];
            for (var j = 0; j < 2 * n; j++)
            {
                a[col, j] /= d;
            }

            for (var row = 0; row < n; row++)
            {
                if (row != col && a[row, col] != 0)
                {
                    var factor = a[row, col];
                    for (var j = 0; j < 2 * n; j++)
                    {
                        a[row, j] -= factor * a[col, j];
                    }
                }
            }
        }

        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                inverse[i, j] = a[i, n + j];
            }
        }

        return inverse;
    }

    /// <summary>
    /// Standard errors at a maximum: the square roots of the diagonal of the inverse of the Hessian of −LL in the natural
    /// parameters, by central differences of the analytic gradient. NaN when the Hessian is not invertible.
    /// </summary>
    /// <param name="gradient">Writes ∇(−LL) at natural parameters into the second argument.</param>
    /// <param name="at">The natural parameters at the maximum.</param>
    public static double[] StandardErrors(Action<double[], double[]> gradient, double[] at)
    {
        var n = at.Length;
        var hessian = new double[n, n];
        var plus = new double[n];
        var minus = new double[n];
        var point = new double[n];
        for (var j = 0; j < n; j++)
        {
            var step = 1e-5 * Math.Max(Math.Abs(at[j]), 1e-3);
            Array.Copy(at, point, n);
            point[j] = at[j] + step;
            gradient(point, plus);
            point[j] = at[j] - step;
            gradient(point, minus);
            for (var i = 0; i < n; i++)
            {
                hessian[i, j] = (plus[i] - minus[i]) / (2 * step);
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var mean = (hessian[i, j] + hessian[j, i]) / 2;
                hessian[i, j] = mean;
                hessian[j, i] = mean;
            }
        }

        var inverse = Invert(hessian);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = inverse is null || inverse[i, i] < 0 ? double.NaN : Math.Sqrt(inverse[i, i]);
        }

        return result;
    }

    private static double[,] Identity(int n)
    {
        var h = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            h[i, i] = 1;
        }

        return h;
    }

    private static double Dot(double[] u, double[] v)
    {
        var sum = 0.0;
        for (var i = 0; i < u.Length; i++)
        {
            sum += u[i] * v[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
