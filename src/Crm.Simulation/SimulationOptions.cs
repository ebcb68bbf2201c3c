namespace Crm.Simulation;

/// <summary>Settings of <see cref="SimulationManager"/>.</summary>
public sealed class SimulationOptions
{
    /// <summary>Gets or sets how many journal entries are read from the host's store at a time.</summary>
    /// <value>The default value is 1,000 (1 to 100,000).</value>
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// Gets or sets whether the replay runs the host's periodic jobs at each local month's start: points expiry
    /// (<see cref="Points.PointsManager.ExpireAsync"/>), tier reviews and tier benefits
    /// (<see cref="Membership.MembershipManager.RunReviewsAsync"/>, <see cref="Membership.MembershipManager.GrantBenefitsAsync"/>).
    /// </summary>
    /// <value>The default value is <see langword="true"/>. Without them no points expire and no tier is reviewed in the replay.</value>
    public bool RunMonthlyJobs { get; set; } = true;
}
