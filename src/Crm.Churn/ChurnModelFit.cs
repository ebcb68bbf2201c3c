using NodaTime;

namespace Crm.Churn;

/// <summary>The population models the assessments use, fitted by <see cref="ChurnManager.FitModelAsync"/> (times in days).</summary>
/// <param name="Purchases">The BG/NBD model of purchases, or <see langword="null"/> when the population could not support a fit (for example nobody repeated).</param>
/// <param name="Spend">The Gamma-Gamma model of value per purchase, or <see langword="null"/> when it could not be fitted.</param>
/// <param name="MedianGapDays">The population's median gap between purchases in days (median over customers with 2 or more purchases of their mean gap), or <see langword="null"/> when no customer has 2.</param>
/// <param name="CustomerCount">How many customers with purchases the fit read.</param>
/// <param name="FittedAt">The as-of instant of the fit.</param>
public sealed record ChurnModelFit(BgNbdModel? Purchases, GammaGammaModel? Spend, double? MedianGapDays, int CustomerCount, Instant FittedAt);
