namespace Crm.Churn.Tests.Model;

public sealed class ExpectedPurchasesEdgeTests
{
    /// <summary>
    /// With a + b &lt; 1 and no repeat purchase, the hypergeometric parameter c = a + b − 1 is negative and the series has
    /// negative terms (found by the property test with seed 1485394073, which gave NaN).
    /// </summary>
    [Fact]
    public void ExpectedPurchases_ABelowOneAndNoRepeat_IsFiniteAndGrows()
    {
        var model = new BgNbdModel(2.8148, 34.9119, 0.3494, 0.5883);
        var customer = new CustomerSummary(0, 0, 349.74);

        var e50 = model.ExpectedPurchases(customer, 50.37);
        var e63 = model.ExpectedPurchases(customer, 63.24);

        // Posterior mean rate with no purchase in 349.74 days: r / (alpha + T) = 2.8148 / 384.65 ≈ 0.0073 a day, so
        // at most ≈ 0.37 purchases in 50.37 days, less for the chance of having dropped out.
        e50.Should().BeInRange(0.30, 0.37);
        e63.Should().BeGreaterThan(e50);
        double.IsFinite(e63).Should().BeTrue();
    }
}
