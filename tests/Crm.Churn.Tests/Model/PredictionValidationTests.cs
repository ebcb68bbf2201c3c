namespace Crm.Churn.Tests.Model;

/// <summary>Issue 28: predictions refuse impossible histories with a typed error, and the batch call never indexes out of range.</summary>
public sealed class PredictionValidationTests
{
    private static readonly BgNbdModel Model = new(0.242593, 4.413532, 0.792886, 2.425752);

    public static TheoryData<int, double, double> Impossible => new()
    {
        { 2, 40, 30 },                       // recency after the end of observation
        { -1, 0, 30 },                       // negative frequency
        { 2, double.NaN, 30 },
        { 2, 10, double.PositiveInfinity },
        { 2, -1, 30 },
        { 0, 5, 30 },                        // no repeat purchase but a recency
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void ProbabilityAlive_ImpossibleHistory_ThrowsHistoryInvalid(int x, double recency, double age)
    {
        var act = () => Model.ProbabilityAlive(new CustomerSummary(x, recency, age));

        var thrown = act.Should().Throw<CrmValidationException>().Which;
        thrown.ErrorCode.Should().Be(ChurnErrorCodes.HistoryInvalid);
        thrown.Field.Should().Be("customer");
    }

    [Theory]
    [MemberData(nameof(Impossible))]
    public void ExpectedPurchases_ImpossibleHistory_ThrowsHistoryInvalid(int x, double recency, double age)
    {
        var act = () => Model.ExpectedPurchases(new CustomerSummary(x, recency, age), 10);

        act.Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.HistoryInvalid);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ExpectedPurchases_HorizonNotFiniteOrNegative_ThrowsArgumentOutOfRange(double t)
    {
        var act = () => Model.ExpectedPurchases(new CustomerSummary(2, 30, 38), t);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("t");
    }

    [Fact]
    public void Predict_OutputShorterThanInput_ThrowsArgumentExceptionNamingIt()
    {
        var customers = new CustomerSummary[] { new(1, 10, 20), new(2, 15, 30), new(0, 0, 5) };

        var act = () => Model.Predict(customers, 10, new double[3], new double[2]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("expectedPurchases");
    }

    [Fact]
    public void Predict_NegativeFrequency_ThrowsHistoryInvalidNamingTheIndexAndWritesNothing()
    {
        // A negative x once indexed the log-odds table: IndexOutOfRangeException from the middle of a parallel loop.
        var customers = new CustomerSummary[] { new(1, 10, 20), new(-3, 15, 30), new(0, 0, 5) };
        var alive = new double[3];
        var expected = new double[3];

        var act = () => Model.Predict(customers, 10, alive, expected);

        var thrown = act.Should().Throw<CrmValidationException>().Which;
        thrown.ErrorCode.Should().Be(ChurnErrorCodes.HistoryInvalid);
        thrown.Field.Should().Be("customers[1]");
        alive.Should().OnlyContain(v => v == 0);
        expected.Should().OnlyContain(v => v == 0);
    }

    [Fact]
    public void Predict_BadHistoryInALargeBatch_ThrowsHistoryInvalidNotAggregateException()
    {
        var customers = Enumerable.Range(0, 200_000).Select(i => new CustomerSummary(1, 5, 10)).ToArray();
        customers[150_000] = new CustomerSummary(1, 11, 10);

        var act = () => Model.Predict(customers, 10, new double[customers.Length], new double[customers.Length]);

        act.Should().Throw<CrmValidationException>().Which.Field.Should().Be("customers[150000]");
    }

    [Fact]
    public void Predict_AgeZero_IsAllowed()
    {
        var alive = new double[1];
        var expected = new double[1];

        Model.Predict(new[] { new CustomerSummary(0, 0, 0) }, 10, alive, expected);

        alive[0].Should().Be(1);
        double.IsFinite(expected[0]).Should().BeTrue();
    }

    [Fact]
    public void Fit_ImpossibleHistory_ThrowsHistoryInvalidNamingTheIndex()
    {
        var act = () => BgNbdModel.Fit(new[] { new CustomerSummary(1, 3, 5), new CustomerSummary(1, 10, 5) });

        var thrown = act.Should().Throw<CrmValidationException>().Which;
        thrown.ErrorCode.Should().Be(ChurnErrorCodes.HistoryInvalid);
        thrown.Field.Should().Be("customers[1]");
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(2, double.NaN)]
    [InlineData(2, -5)]
    public void GammaGamma_ImpossibleSpend_ThrowsSpendInvalid(int x, double m)
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        var predict = () => model.ExpectedAverageValue(new SpendSummary(x, m));
        var fit = () => GammaGammaModel.TryFit(new[] { new SpendSummary(1, 10), new SpendSummary(x, m) });

        predict.Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(ChurnErrorCodes.SpendInvalid);
        fit.Should().Throw<CrmValidationException>().Which.Field.Should().Be("customers[1]");
    }
}
