using System.Diagnostics.CodeAnalysis;

namespace Crm.Churn;

/// <summary>
/// The outcome of fitting a model (<see cref="BgNbdModel.TryFit"/>, <see cref="GammaGammaModel.TryFit"/>): the model when
/// the fit converged, otherwise why not; diagnostics either way.
/// </summary>
/// <typeparam name="TModel">The model type.</typeparam>
/// <remarks>
/// Data that cannot support the model are a value, not an exception (as NodaTime's <c>ParseResult&lt;T&gt;</c>);
/// <see cref="GetModelOrThrow"/> turns a failure into a <see cref="CrmModelFitException"/>. A result never reports success
/// with a model whose parameters or log-likelihood are not finite.
/// </remarks>
public sealed record ModelFitResult<TModel>
    where TModel : class
{
    /// <summary>Gets the fitted model, or <see langword="null"/> when the fit failed.</summary>
    public TModel? Model { get; init; }

    /// <summary>Gets why the fit failed, or <see cref="ModelFitFailure.None"/> when it converged.</summary>
    public ModelFitFailure Failure { get; init; }

    /// <summary>Gets a value indicating whether the fit converged and <see cref="Model"/> holds the estimates.</summary>
    [MemberNotNullWhen(true, nameof(Model))]
    public bool Converged => Failure == ModelFitFailure.None && Model is not null;

    /// <summary>Gets the outcome in words, for logs and staff: on failure the precise condition that was met, with its numbers.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Gets the optimiser's work and the curvature where it stopped.</summary>
    public ModelFitDiagnostics Diagnostics { get; init; } = new();

    /// <summary>Gets the model, or throws when the fit failed.</summary>
    /// <returns>The fitted model.</returns>
    /// <exception cref="CrmModelFitException">The fit failed; the exception carries <see cref="Failure"/>, its error code and the diagnostics.</exception>
    public TModel GetModelOrThrow() =>
        Converged ? Model : throw new CrmModelFitException(Failure == ModelFitFailure.None ? ModelFitFailure.NoMaximumFound : Failure, Message, Diagnostics);

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The outcome in words.</returns>
    public override string ToString() => Message;
}
