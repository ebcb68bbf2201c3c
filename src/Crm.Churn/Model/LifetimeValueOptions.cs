namespace Crm.Churn;

/// <summary>The horizon and discounting of <see cref="GammaGammaModel.LifetimeValue"/> (lifetimes' <c>time</c>, <c>discount_rate</c> and <c>freq</c>).</summary>
public sealed record LifetimeValueOptions
{
    /// <summary>The model's time units in a month when they are days (lifetimes' factor for <c>freq='D'</c>).</summary>
    public const double DaysPerMonth = 30;

    /// <summary>The model's time units in a month when they are weeks (lifetimes' factor for <c>freq='W'</c>).</summary>
    public const double WeeksPerMonth = 4.345;

    /// <summary>Gets the horizon in months, at least 1.</summary>
    /// <value>The default value is 12 months.</value>
    public int Months { get; init; } = 12;

    /// <summary>Gets the discount rate per month, at least 0: month k's value is divided by (1 + rate)^k.</summary>
    /// <value>The default value is 0.01 (1 % a month, about 12.7 % a year).</value>
    public double MonthlyDiscountRate { get; init; } = 0.01;

    /// <summary>Gets the number of the models' time units in one month, such as <see cref="DaysPerMonth"/> or <see cref="WeeksPerMonth"/>.</summary>
    /// <value>The default value is <see cref="DaysPerMonth"/> (30), for models fitted in days.</value>
    public double UnitsPerMonth { get; init; } = DaysPerMonth;
}
