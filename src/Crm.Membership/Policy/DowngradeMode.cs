namespace Crm.Membership;

/// <summary>How far a member drops at a review that finds them below their tier.</summary>
public enum DowngradeMode
{
    /// <summary>One level at a time (never below the entry tier), even if the window qualifies for less.</summary>
    OneLevel = 0,

    /// <summary>Straight to the tier the window qualifies for.</summary>
    ToQualifying = 1,
}
