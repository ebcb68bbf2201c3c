namespace Crm.Churn.Internal;

/// <summary>Why <see cref="Bfgs.Minimize"/> stopped.</summary>
internal enum BfgsStop
{
    /// <summary>The gradient is below the tolerance (or nearly so, with no further improvement possible).</summary>
    Converged,

    /// <summary>The objective is not finite at the start.</summary>
    NotFinite,

    /// <summary>No step along the search direction decreased the objective while the gradient was still large.</summary>
    LineSearchFailed,

    /// <summary>An accepted point left the caller's box.</summary>
    Boundary,

    /// <summary>This start used its own iterations.</summary>
    StartIterations,

    /// <summary>The fit's shared budget ran out (<see cref="BfgsResult.BudgetFailure"/> says which limit).</summary>
    Budget,
}

/// <summary>Where and why the minimiser stopped.</summary>
internal sealed record BfgsResult(double[] Theta, double Value, double[] Gradient, int Iterations, BfgsStop Stop, ModelFitFailure? BudgetFailure = null)
{
    public bool Converged => Stop == BfgsStop.Converged;

    public double GradientNorm => Bfgs.MaxAbs(Gradient);
}

/// <summary>
/// A small BFGS minimiser with a backtracking (Armijo) line search, for the few-parameter likelihoods of the churn
/// models. Parameters are optimised on the log scale by the callers, so the search is unconstrained; the caller's box
/// and the fit's budget stop it early, with the reason.
/// </summary>
internal static class Bfgs
{
    /// <summary>The most iterations one start may take, so a start that wanders leaves room for the next.</summary>
    public const int IterationsPerStart = 500;

    /// <summary>Computes f(θ) and writes ∇f(θ) into the gradient; returns +∞ or NaN where f is undefined.</summary>
    public delegate double Objective(double[] theta, double[] gradient);

    public static BfgsResult Minimize(Objective f, double[] start, FitBudget budget, Func<double[], bool>? inBox = null, double gradientTolerance = 1e-9)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx))
        {
            return new BfgsResult(x, fx, g, 0, BfgsStop.NotFinite);
        }

        var h = Identity(n);
        var p = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        for (var iteration = 1; iteration <= IterationsPerStart; iteration++)
        {
            if (MaxAbs(g) < gradientTolerance)
            {
                return new BfgsResult(x, fx, g, iteration - 1, BfgsStop.Converged);
            }

            if (budget.TakeIteration() is { } spent)
            {
                return new BfgsResult(x, fx, g, iteration - 1, BfgsStop.Budget, spent);
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
                return new BfgsResult(x, fx, g, iteration, MaxAbs(g) < gradientTolerance * 1e3 ? BfgsStop.Converged : BfgsStop.LineSearchFailed);
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
            if (inBox is not null && !inBox(x))
            {
                // Stop at the edge instead of walking on: the likelihood has no interior maximum this way, and the walk
                // to where the objective gives up (10^±12) took tens of seconds on large populations.
                return new BfgsResult(x, fx, g, iteration, BfgsStop.Boundary);
            }

            if (improvement <= 1e-15 * Math.Max(1.0, Math.Abs(fx)) && MaxAbs(g) < gradientTolerance * 1e3)
            {
                return new BfgsResult(x, fx, g, iteration, BfgsStop.Converged);
            }
        }

        return new BfgsResult(x, fx, g, IterationsPerStart, MaxAbs(g) < gradientTolerance * 1e3 ? BfgsStop.Converged : BfgsStop.StartIterations);
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
    /// The curvature at a maximum, from the Hessian of −LL in the natural parameters by central differences of the
    /// analytic gradient: standard errors (square roots of the diagonal of its inverse; NaN when it is singular), and
    /// whether it is positive definite with its condition number, both on the log scale (D·H·D with D = diag(θ)), where
    /// the units of time and money do not matter.
    /// </summary>
    /// <param name="gradient">Writes ∇(−LL) at natural parameters into the second argument.</param>
    /// <param name="at">The natural parameters at the maximum.</param>
    public static (double[] StandardErrors, bool PositiveDefinite, double Condition) Curvature(Action<double[], double[]> gradient, double[] at)
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
        var errors = new double[n];
        for (var i = 0; i < n; i++)
        {
            errors[i] = inverse is null || !(inverse[i, i] >= 0) ? double.NaN : Math.Sqrt(inverse[i, i]);
        }

        var scaled = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                scaled[i, j] = at[i] * at[j] * hessian[i, j];
            }
        }

        var eigen = SymmetricEigenvalues(scaled);
        var min = eigen.Min();
        var max = eigen.Max();
        var positive = min > 0 && double.IsFinite(max) && min > max * 1e-15;
        return (errors, positive, positive ? max / min : double.PositiveInfinity);
    }

    /// <summary>The eigenvalues of a small symmetric matrix by cyclic Jacobi rotations.</summary>
    public static double[] SymmetricEigenvalues(double[,] m)
    {
        var n = m.GetLength(0);
        var a = (double[,])m.Clone();
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    off += a[i, j] * a[i, j];
                }
            }

            if (!(off > 1e-300))
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }

        return values;
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

    public static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
