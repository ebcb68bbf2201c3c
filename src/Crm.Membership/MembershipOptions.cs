namespace Crm.Membership;

/// <summary>Settings of Crm.Membership, set with <c>AddMembership(...)</c>.</summary>
public sealed class MembershipOptions
{
    /// <summary>Gets or sets the tier policy.</summary>
    /// <value>There is no default; it must be set (in code or with <see cref="TierPolicy.FromJson"/>).</value>
    public TierPolicy? Policy { get; set; }


    /// <summary>Gets or sets how many member records a review or benefits run reads per page.</summary>
    /// <value>The default value is 500.</value>
    public int PageSize { get; set; } = 500;
}
