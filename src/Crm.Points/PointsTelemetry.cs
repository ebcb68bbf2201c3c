using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Points;

/// <summary>The name under which Crm.Points publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.ActivitySource"/>).</summary>
public static class PointsTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>: <c>Crm.Points</c>.</summary>
    /// <remarks>Instruments (counters): <c>crm.points.earned</c>, <c>crm.points.redeemed</c>, <c>crm.points.reversed</c>, <c>crm.points.expired</c> (unit <c>{point}</c>) and <c>crm.points.concurrency_retries</c> (<c>{retry}</c>). Spans: <c>crm.points.expire</c>.</remarks>
    public const string Name = "Crm.Points";

    internal static readonly Meter Meter = new(Name, typeof(PointsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(PointsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Earned = Meter.CreateCounter<long>("crm.points.earned", "{point}", "Points earned by purchases and events.");

    internal static readonly Counter<long> Redeemed = Meter.CreateCounter<long>("crm.points.redeemed", "{point}", "Points redeemed.");

    internal static readonly Counter<long> Reversed = Meter.CreateCounter<long>("crm.points.reversed", "{point}", "Points reversed by refunds.");

    internal static readonly Counter<long> Expired = Meter.CreateCounter<long>("crm.points.expired", "{point}", "Points expired.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.points.concurrency_retries", "{retry}", "Ledger writes retried after a concurrency conflict.");
}
