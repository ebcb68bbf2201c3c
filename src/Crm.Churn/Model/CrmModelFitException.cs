namespace Crm.Churn;

/// <summary>
/// The exception that is thrown when a model cannot be fitted to the data (<see cref="BgNbdModel.Fit"/>, <see cref="ParetoNbdModel.Fit"/>,
/// <see cref="GammaGammaModel.Fit"/>, <see cref="ModelFitResult{TModel}.GetModelOrThrow"/>).
/// </summary>
/// <remarks>
/// <see cref="CrmException.ErrorCode"/> is the <see cref="ChurnErrorCodes"/> constant of <see cref="Failure"/>, such as
/// <see cref="ChurnErrorCodes.FitNoDropOut"/>. To get the failure as a value instead, call <c>TryFit</c>.
/// </remarks>
public sealed class CrmModelFitException : CrmException
{
    /// <summary>Initializes a new instance of the <see cref="CrmModelFitException"/> class.</summary>
    /// <param name="failure">Why the fit failed; not <see cref="ModelFitFailure.None"/>.</param>
    /// <param name="message">The precise condition, in words.</param>
    /// <param name="diagnostics">How the fit went.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="ModelFitFailure.None"/> or not a defined value.</exception>
    public CrmModelFitException(ModelFitFailure failure, string message, ModelFitDiagnostics diagnostics)
        : base(ChurnErrorCodes.Of(failure), message)
    {
        Failure = failure;
        Diagnostics = diagnostics ?? new ModelFitDiagnostics();
    }

    /// <summary>Gets why the fit failed.</summary>
    public ModelFitFailure Failure { get; }

    /// <summary>Gets how the fit went.</summary>
    public ModelFitDiagnostics Diagnostics { get; }
}
