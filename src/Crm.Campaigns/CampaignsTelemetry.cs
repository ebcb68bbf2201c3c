using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Campaigns;

/// <summary>The names under which Crm.Campaigns publishes counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.Activity"/>).</summary>
public static class CampaignsTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Crm.Campaigns</c>.</summary>
    /// <remarks>Counters: <c>crm.campaigns.assignments</c> (<c>{assignment}</c>), <c>crm.campaigns.deliveries</c> (<c>{delivery}</c>,
    /// tagged with the status) and <c>crm.campaigns.concurrency_retries</c> (<c>{retry}</c>). Spans: <c>crm.campaigns.deliver</c> and
    /// <c>crm.campaigns.measure</c>.</remarks>
    public const string Name = "Crm.Campaigns";

    internal static readonly Meter Meter = new(Name, typeof(CampaignsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(CampaignsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Assignments = Meter.CreateCounter<long>("crm.campaigns.assignments", "{assignment}", "Customers assigned to a campaign's arm (imported ones included).");

    internal static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("crm.campaigns.deliveries", "{delivery}", "Deliveries decided, by status.");

    internal static readonly Counter<long> ConcurrencyRetries = Meter.CreateCounter<long>("crm.campaigns.concurrency_retries", "{retry}", "Deliveries read and decided again after a concurrency conflict (a budget slot taken by another till included).");
}
