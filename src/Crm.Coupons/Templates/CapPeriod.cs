namespace Crm.Coupons;

/// <summary>The period over which <see cref="CouponBudget.MaxPerCustomer"/> counts, in the programme's time zone.</summary>
public enum CapPeriod
{
    /// <summary>For ever.</summary>
    Lifetime = 0,

    /// <summary>A local calendar day.</summary>
    Day = 1,

    /// <summary>A local ISO week (Monday to Sunday).</summary>
    Week = 2,

    /// <summary>A local calendar month.</summary>
    Month = 3,
}
