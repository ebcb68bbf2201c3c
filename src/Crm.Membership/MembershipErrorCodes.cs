namespace Crm.Membership;

/// <summary>The stable error codes of Crm.Membership.</summary>
public static class MembershipErrorCodes
{
    /// <summary>A tier name is not in the policy.</summary>
    public const string UnknownTier = "membership.unknown_tier";

    /// <summary>An override is not valid (no reason, no operator, or an expiry in the past).</summary>
    public const string OverrideInvalid = "membership.override_invalid";
}
