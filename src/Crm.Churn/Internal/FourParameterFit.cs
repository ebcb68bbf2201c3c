using static Crm.Churn.BgNbdModel;

namespace Crm.Churn.Internal;

/// <summary>
/// The maximum-likelihood fit shared by the four-parameter models fitted on grouped histories (Pareto/NBD, Modified
/// BG/NBD): the refusals made before optimising, BFGS over the parameters' logarithms from a few starts, and the reading
/// of where it stopped as a result or a failure with its reason.
/// </summary>
/// <param name="Name">The model's name in messages, such as "Pareto/NBD".</param>
/// <param name="ParameterNames">The four parameters' names in messages, such as r, α, s and β.</param>
/// <param name="IsRate">Which parameters are scales in the summaries' time unit (started and bounded relative to the mean age).</param>
/// <param name="IsNoDropOutEdge">Whether a point at the edge of the parameter space (in logarithms, relative to the mean age for rates) is the no-drop-out edge.</param>
/// <param name="NoDropOutLimit">How the no-drop-out edge reads in a message, such as "s → 0 or β → ∞".</param>
internal sealed record FourParameterFit(string Name, string[] ParameterNames, bool[] IsRate, Func<double[], double, bool> IsNoDropOutEdge, string NoDropOutLimit)
{
    /// <summary>Fits <paramref name="data"/>, creating the model from the natural parameters, log-likelihood, standard errors and customer count.</summary>
    public ModelFitResult<TModel> Run<TModel>(HistoryGroups data, ModelFitOptions? options, Func<double[], double, double[], long, TModel> create)
        where TModel : class
    {
        var budget = FitBudget.Start(options);
        var n = data.Customers;
        var diagnostics = new ModelFitDiagnostics { CustomerCount = n };
        ModelFitResult<TModel> Refuse(ModelFitFailure failure, string message, ModelFitDiagnostics? at = null) => new()
        {
            Failure = failure,
            Message = message,
            Diagnostics = (at ?? diagnostics) with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };

        if (n == 0)
        {
            return Refuse(ModelFitFailure.TooFewCustomers, $"There are no customers to fit the {Name} model on.");
        }

        if (data.Repeaters == 0)
        {
            return Refuse(ModelFitFailure.NoRepeatPurchases, Text($"None of the {n:N0} customers has a repeat purchase (x = 0 for all): the {Name} likelihood cannot separate purchase rates from drop-out."));
        }

        if (data.Groups < 4)
        {
            return Refuse(ModelFitFailure.TooFewCustomers, Text($"{n:N0} customer{(n == 1 ? string.Empty : "s")} with {data.Groups} distinct (x, t_x, T) histor{(data.Groups == 1 ? "y" : "ies")}: {Name} needs at least 4 distinct histories to estimate its 4 parameters."));
        }

        // Rates are started and bounded relative to the mean age, so the fit does not depend on the time unit.
        var logMeanAge = Math.Log(Math.Max(data.MeanAge, 1e-3));
        double Centre(int i) => IsRate[i] ? logMeanAge : 0;
        bool InBox(double[] theta)
        {
            for (var i = 0; i < theta.Length; i++)
            {
                if (!(Math.Abs(theta[i] - Centre(i)) <= LogEdge))
                {
                    return false;
                }
            }

            return true;
        }

        var logTenth = Math.Log(Math.Max(data.MeanAge / 10, 1e-3));
        double[][] starts =
        [
            [.. Enumerable.Range(0, 4).Select(Centre)],
            [0.0, 0.0, 0.0, 0.0],
            [.. Enumerable.Range(0, 4).Select(i => IsRate[i] ? logTenth : Math.Log(0.5))],
        ];
        var (result, tried) = MultiStart(data.NegativeMeanLogLikelihood, starts, budget, InBox, 1e-10);
        diagnostics = diagnostics with { Starts = tried };
        if (result is null)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, $"The {Name} likelihood is not finite at any start.");
        }

        double[] natural = [.. result.Theta.Select(Math.Exp)];
        var at = diagnostics with { Parameters = natural, LogLikelihood = -result.Value * n, GradientNorm = result.GradientNorm };
        var where = Text($"{ParameterNames[0]} = {natural[0]:G4}, {ParameterNames[1]} = {natural[1]:G4}, {ParameterNames[2]} = {natural[2]:G4}, {ParameterNames[3]} = {natural[3]:G4}");
        double[] relative = [.. result.Theta.Select((theta, i) => theta - Centre(i))];
        switch (result.Stop)
        {
            case BfgsStop.Budget:
                return Refuse(result.BudgetFailure!.Value, BudgetMessage(result.BudgetFailure.Value, budget, $"the {Name} fit") + $" It stopped at {where}.", at);
            case BfgsStop.Boundary when IsNoDropOutEdge(relative, LogEdge):
                return Refuse(ModelFitFailure.NoDropOut, $"No drop-out detected: the likelihood keeps increasing towards no drop-out ({NoDropOutLimit}); the fit walked to {where}.", at);
            case BfgsStop.Boundary:
                return Refuse(ModelFitFailure.BoundaryReached, $"The {Name} likelihood has no interior maximum for these data: the fit walked to the edge of the parameter space at {where}.", at);
            case BfgsStop.StartIterations:
                return Refuse(ModelFitFailure.IterationLimitReached, Text($"The {Name} fit did not converge in {Bfgs.IterationsPerStart} iterations from any of {tried} starts; it stopped at {where} with gradient {result.GradientNorm:G3}."), at);
            case BfgsStop.LineSearchFailed or BfgsStop.NotFinite:
                return Refuse(ModelFitFailure.NoMaximumFound, Text($"The {Name} fit stopped short of a maximum at {where}: no step improved the likelihood while the gradient was still {result.GradientNorm:G3}."), at);
        }

        var logLikelihood = data.LogLikelihood(natural[0], natural[1], natural[2], natural[3]);
        var (errors, positive, condition) = Bfgs.Curvature(data.NegativeLogLikelihoodGradient, natural);
        at = at with { LogLikelihood = logLikelihood, StandardErrors = errors, HessianConditionNumber = condition };
        if (!double.IsFinite(logLikelihood) || !positive)
        {
            return Refuse(ModelFitFailure.NoMaximumFound, $"The {Name} fit stopped at {where}, but the Hessian there is not positive definite: a saddle point or a flat ridge, not a maximum.", at);
        }

        return new ModelFitResult<TModel>
        {
            Model = create(natural, logLikelihood, errors, n),
            Message = Text($"Converged in {budget.Iterations} iterations from {tried} start{(tried == 1 ? string.Empty : "s")}: {where}, log-likelihood {logLikelihood:F2}."),
            Diagnostics = at with { Iterations = budget.Iterations, Elapsed = budget.Elapsed },
        };
    }
}
