namespace Crm.Simulation;

/// <summary>The stable error codes of Crm.Simulation, carried by the <see cref="CrmValidationException"/>s a bad request gets before anything runs.</summary>
public static class SimulationErrorCodes
{
    /// <summary>The period's end is before its start.</summary>
    public const string PeriodReversed = "simulation.period_reversed";

    /// <summary>A candidate is malformed: no name, a name used twice or the reserved name <c>baseline</c>, or no change at all.</summary>
    public const string CandidateInvalid = "simulation.candidate_invalid";

    /// <summary>A candidate changes the rules of a package the host has not installed (earn rules without Crm.Points, a tier policy without Crm.Membership, …), or the customer filter names a segment without Crm.Segmentation.</summary>
    public const string PackageNotInstalled = "simulation.package_not_installed";

    /// <summary>A candidate's rules do not validate with its package's own option checks; the message names the setting.</summary>
    public const string CandidateRulesInvalid = "simulation.candidate_rules_invalid";

    /// <summary>The customer filter is malformed: an empty explicit list, a sample fraction outside (0, 1], a blank segment name.</summary>
    public const string CustomerFilterInvalid = "simulation.customer_filter_invalid";
}
