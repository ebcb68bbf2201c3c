using System.Diagnostics.Metrics;

namespace Crm.Points;

/// <summary>The name under which Crm.Points publishes its counters through <see cref="System.Diagnostics.Metrics"/>.</summary>
public static class PointsTelemetry
{
    /// <summary>The name of the <see cref="Meter"/>: <c>Crm.Points</c>.</summary>
    /// <remarks>Instruments (counters): <c>crm.points.earned</c>, <c>crm.points.redeemed</c>, <c>crm.points.reversed</c>, <c>crm.points.expired</c> (unit <c>{point}</c>) and <c>crm.points.concurrency_retries</c> (<c>{retry}</c>).</remarks>
    public const string MeterName = "Crm.Points";

    internal static readonly Meter Meter = new(MeterName, typeof(PointsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Earned = Meter.CreateCounter<long>("crm.points.earned", "{point}", "Points earned by purchases and events.");

    internal static readonly Counter<long> Redeemed = Meter.CreateCounter<long>("crm.points.redeemed", "{point}", "Points redeemed.");

    internal static readonly Counter<long> Reversed = Meter.CreateCounter<long>("crm.points.reversed", "{point}", "Points reversed by refunds.");

    internal static readonly Counter<long> Expired = Meter.CreateCounter<long>("crm.points.expired", "{point}", "Points expired.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.points.concurrency_retries", "{retry}", "Ledger writes retried after a concurrency conflict.");
}
