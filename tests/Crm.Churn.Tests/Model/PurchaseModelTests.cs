namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: lifetime value, holdout validation and batch predictions work alike on every purchase model.</summary>
public sealed class PurchaseModelTests
{
    public static TheoryData<string> Models => ["bgnbd", "pareto", "mbgnbd"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Predict_EqualsOneByOne_AndChecksEveryHistoryBeforeWriting(string name)
    {
        var model = Model(name);
        var customers = Cdnow.Summary;

        var alive = new double[customers.Length];
        var expected = new double[customers.Length];
        model.Predict(customers, 52, alive, expected);

        for (var i = 0; i < customers.Length; i++)
        {
            alive[i].Should().BeApproximately(model.ProbabilityAlive(customers[i]), 1e-12);
            expected[i].Should().BeApproximately(model.ExpectedPurchases(customers[i], 52), 1e-10 * Math.Max(1, expected[i]));
        }

        var untouched = new double[3];
        FluentActions.Invoking(() => model.Predict(new CustomerSummary[] { new(1, 2, 10), new(2, 11, 10), new(0, 0, 5) }, 52, untouched, new double[3]))
            .Should().Throw<CrmValidationException>().Which.Field.Should().Be("customers[1]");
        untouched.Should().OnlyContain(v => v == 0);
        FluentActions.Invoking(() => model.Predict(customers, 52, new double[1], new double[customers.Length])).Should().Throw<ArgumentException>();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CompareHoldout_Cdnow_GroupsTheModelsOwnPredictions(string name)
    {
        var rows = TransactionSummary.SplitCalibrationHoldout(Cdnow.SampleTransactions, Cdnow.CalibrationEnd, Cdnow.ObservationEnd, new TransactionSummaryOptions { PeriodsPerUnit = 7 });
        var model = Fit(name, [.. rows.Select(r => r.Calibration.History)]);

        var comparison = model.CompareHoldout(rows);

        comparison.CustomerCount.Should().Be(2357);
        var byGroup = rows.GroupBy(r => Math.Min(r.Calibration.Frequency, 7)).OrderBy(g => g.Key).ToList();
        comparison.Groups.Select(g => g.Frequency).Should().Equal(byGroup.Select(g => g.Key));
        foreach (var (group, rowsOfGroup) in comparison.Groups.Zip(byGroup))
        {
            group.PredictedMean.Should().BeApproximately(rowsOfGroup.Average(r => model.ExpectedPurchases(r.Calibration.History, r.HoldoutDuration)), 1e-9);
            group.ActualMean.Should().BeApproximately(rowsOfGroup.Average(r => (double)r.HoldoutFrequency), 1e-12);
        }

        // The holdout's purchase days are the data's, whatever the model: 1,882; the prediction is the model's own sum.
        comparison.ActualPurchases.Should().Be(1882);
        comparison.PredictedPurchases.Should().BeApproximately(rows.Sum(r => model.ExpectedPurchases(r.Calibration.History, r.HoldoutDuration)), 1e-6);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void LifetimeValue_AnyModel_IsTheDiscountedSumOfItsMonthlyExpectations(string name)
    {
        var model = Model(name);
        var spend = GammaGammaModel.Fit(Cdnow.Spend);
        var history = new CustomerSummary(4, 30.4, 38.9);
        var options = new LifetimeValueOptions { Months = 12, MonthlyDiscountRate = 0.01, UnitsPerMonth = 30.0 / 7 };

        var value = spend.LifetimeValue(model, history, 35.0, options);

        var expected = 0.0;
        for (var k = 1; k <= 12; k++)
        {
            var month = model.ExpectedPurchases(history, k * options.UnitsPerMonth) - model.ExpectedPurchases(history, (k - 1) * options.UnitsPerMonth);
            expected += month / Math.Pow(1.01, k);
        }

        value.Should().BeApproximately(expected * spend.ExpectedAverageValue(new SpendSummary(4, 35.0)), 1e-9);
    }

    private static IPurchaseModel Model(string name) => name switch
    {
        "bgnbd" => new BgNbdModel(0.243, 4.414, 0.793, 2.426),
        "pareto" => new ParetoNbdModel(0.553, 10.578, 0.606, 11.669),
        _ => new ModifiedBgNbdModel(0.525, 6.183, 0.891, 1.614),
    };

    private static IPurchaseModel Fit(string name, CustomerSummary[] customers) => name switch
    {
        "bgnbd" => BgNbdModel.Fit(customers),
        "pareto" => ParetoNbdModel.Fit(customers),
        _ => ModifiedBgNbdModel.Fit(customers),
    };
}
