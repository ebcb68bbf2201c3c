using Crm.Campaigns.Internal;

namespace Crm.Campaigns.Tests.Reports;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(10, 2.228139)]
    [InlineData(30, 2.042272)]
    [InlineData(100, 1.983972)]
    [InlineData(1000, 1.962339)]
    public void StudentQuantile975_Df_MatchesTables(double df, double expected)
    {
        Statistics.StudentQuantile975(df).Should().BeApproximately(expected, 0.00005);
    }

    [Fact]
    public void NewcombeDifference_NewcombesExample_MatchesThePaper()
    {
        // Newcombe (1998), Table II example (b): 56/70 against 48/80, hybrid score interval 0.0524 to 0.3339.
        var e = Statistics.NewcombeDifference(56, 70, 48, 80);

        e.Value.Should().BeApproximately(0.2, 1e-12);
        e.Lower.Should().BeApproximately(0.0524, 0.00005);
        e.Upper.Should().BeApproximately(0.3339, 0.00005);
    }

    [Fact]
    public void WelchDifference_SmallSamples_UsesStudentQuantile()
    {
        var a = new Moments();
        var b = new Moments();
        foreach (var x in new[] { 1.0, 2, 3, 4, 5 })
        {
            a.Add(x);
        }

        foreach (var x in new[] { 2.0, 4, 6, 8, 10, 12 })
        {
            b.Add(x);
        }

        var e = Statistics.WelchDifference(a, b);

        // R: t.test(1:5, c(2,4,6,8,10,12)) gives -7.98 to -0.02 around -4 (df 7.03).
        e.Value.Should().BeApproximately(-4, 1e-12);
        e.Lower.Should().BeApproximately(-7.98, 0.01);
        e.Upper.Should().BeApproximately(-0.02, 0.01);
    }
}
