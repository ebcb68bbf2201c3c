using NodaTime;

namespace Crm.Churn;

/// <summary>The population models the assessments use, fitted by <see cref="ChurnManager.FitModelAsync"/> (times in days).</summary>
public sealed record ChurnModelFit
{
    /// <summary>Gets the BG/NBD model of purchases, or <see langword="null"/> when the population could not support a fit (<see cref="PurchasesFit"/> says why).</summary>
    public BgNbdModel? Purchases { get; init; }

    /// <summary>Gets the Gamma-Gamma model of value per purchase, or <see langword="null"/> when it could not be fitted (<see cref="SpendFit"/> says why).</summary>
    public GammaGammaModel? Spend { get; init; }

    /// <summary>Gets the population's median gap between purchases in days (median over customers with 2 or more purchases of their mean gap), or <see langword="null"/> when no customer has 2.</summary>
    public double? MedianGapDays { get; init; }

    /// <summary>Gets how many customers with purchases the fit read.</summary>
    public required int CustomerCount { get; init; }

    /// <summary>Gets the as-of instant of the fit.</summary>
    public required Instant FittedAt { get; init; }

    /// <summary>Gets how the BG/NBD fit went: converged, or why not, with its diagnostics.</summary>
    /// <value><see langword="null"/> for a fit built by hand (<see cref="ChurnManager.UseModel"/>) without one.</value>
    public ModelFitResult<BgNbdModel>? PurchasesFit { get; init; }

    /// <summary>Gets how the Gamma-Gamma fit went: converged, or why not, with its diagnostics.</summary>
    /// <value><see langword="null"/> for a fit built by hand (<see cref="ChurnManager.UseModel"/>) without one.</value>
    public ModelFitResult<GammaGammaModel>? SpendFit { get; init; }
}
