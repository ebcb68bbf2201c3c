namespace Crm.Churn.Tests.Model;

public sealed class GammaGammaModelTests
{
    [Fact]
    public void Fit_CdnowRepeaters_ReproducesPublishedEstimatesWithinHalfPercent()
    {
        var model = GammaGammaModel.Fit(Cdnow.Spend);

        // 946 customers with zbar > 0; published p = 6.25, q = 3.74, v = 15.44 (reference 6.2488, 3.7446, 15.4477).
        model.CustomerCount.Should().Be(946);
        model.P.Should().BeApproximately(6.25, 6.25 * 0.005);
        model.Q.Should().BeApproximately(3.74, 3.74 * 0.005);
        model.V.Should().BeApproximately(15.44, 15.44 * 0.005);
        model.P.Should().BeApproximately(6.2488, 2e-3);
        model.Q.Should().BeApproximately(3.7446, 2e-3);
        model.V.Should().BeApproximately(15.4477, 5e-3);
        model.PStandardError.Should().BePositive();
    }

    [Fact]
    public void ExpectedAverageValue_ShrinksTowardsPopulationMean()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        // Population mean = p v / (q - 1) = 6.25 * 15.44 / 2.74 = 35.2190.
        model.PopulationMeanValue.Should().BeApproximately(35.2190, 1e-3);

        // x = 2, m = 22.35: p (v + x m) / (p x + q - 1) = 6.25 * (15.44 + 44.7) / (12.5 + 2.74) = 375.875 / 15.24 = 24.6637.
        model.ExpectedAverageValue(new SpendSummary(2, 22.35)).Should().BeApproximately(24.6637, 1e-3);
        model.ExpectedAverageValue(new SpendSummary(0, 0)).Should().Be(model.PopulationMeanValue);
    }
}
