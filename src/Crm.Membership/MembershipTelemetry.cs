using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Membership;

/// <summary>The name under which Crm.Membership publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.ActivitySource"/>).</summary>
public static class MembershipTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>: <c>Crm.Membership</c>.</summary>
    /// <remarks>Instruments (counters): <c>crm.membership.tier_changes</c> (<c>{change}</c>, tagged with the reason),
    /// <c>crm.membership.concurrency_retries</c> (<c>{retry}</c>) and <c>crm.membership.benefit_failures</c> (<c>{grant}</c>,
    /// tagged with the benefit, <c>welcome</c>, <c>periodic</c> or <c>birthday</c>, and the coupon template). Spans: <c>crm.membership.review</c>.</remarks>
    public const string Name = "Crm.Membership";

    internal static readonly Meter Meter = new(Name, typeof(MembershipTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(MembershipTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> TierChanges = Meter.CreateCounter<long>("crm.membership.tier_changes", "{change}", "Tier changes saved (upgrades, downgrades, reviews kept, grace, overrides).");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.membership.concurrency_retries", "{retry}", "Tier writes read, decided and written again after a concurrency conflict.");

    internal static readonly Counter<long> BenefitFailures = Meter.CreateCounter<long>("crm.membership.benefit_failures", "{grant}", "Tier benefits the coupon issuer refused (template removed, budget or cap reached); nothing was granted.");
}
