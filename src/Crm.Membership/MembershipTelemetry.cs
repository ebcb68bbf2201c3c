using System.Diagnostics.Metrics;

namespace Crm.Membership;

/// <summary>The name under which Crm.Membership publishes its counters through <see cref="System.Diagnostics.Metrics"/>.</summary>
public static class MembershipTelemetry
{
    /// <summary>The name of the <see cref="Meter"/>: <c>Crm.Membership</c>.</summary>
    /// <remarks>Instruments (counters): <c>crm.membership.tier_changes</c> (<c>{change}</c>, tagged with the reason) and <c>crm.membership.concurrency_retries</c> (<c>{retry}</c>).</remarks>
    public const string MeterName = "Crm.Membership";

    internal static readonly Meter Meter = new(MeterName, typeof(MembershipTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> TierChanges = Meter.CreateCounter<long>("crm.membership.tier_changes", "{change}", "Tier changes saved (upgrades, downgrades, reviews kept, grace, overrides).");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.membership.concurrency_retries", "{retry}", "Tier writes read, decided and written again after a concurrency conflict.");
}
