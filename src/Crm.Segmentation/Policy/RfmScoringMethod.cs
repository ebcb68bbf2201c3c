namespace Crm.Segmentation;

/// <summary>How RFM values become scores.</summary>
public enum RfmScoringMethod
{
    /// <summary>Quantile bins over the population of the run: equal values share a bin; with distinct values bins differ in size by at most one.</summary>
    Quantiles = 0,

    /// <summary>Fixed thresholds (<see cref="RfmSettings.Thresholds"/>), for a shop too small for quantiles to mean much.</summary>
    Thresholds = 1,
}
