namespace Crm.Membership;

/// <summary>How often a periodic benefit is granted, in the programme's time zone.</summary>
public enum GrantPeriod
{
    /// <summary>Once per calendar month.</summary>
    Monthly = 1,

    /// <summary>Once per calendar quarter.</summary>
    Quarterly = 2,

    /// <summary>Once per calendar year.</summary>
    Yearly = 3,
}
