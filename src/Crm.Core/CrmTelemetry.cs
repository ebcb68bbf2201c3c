using System.Diagnostics.Metrics;

namespace Crm;

/// <summary>
/// The names under which Crm packages publish their counters through <see cref="System.Diagnostics.Metrics"/>,
/// so a host can export them (for example with OpenTelemetry's <c>AddMeter(CrmTelemetry.MeterName)</c>).
/// </summary>
public static class CrmTelemetry
{
    /// <summary>The name of Crm.Core's <see cref="Meter"/>: <c>Crm.Core</c>.</summary>
    /// <remarks>
    /// Instruments: <c>crm.purchases.recorded</c>, <c>crm.purchases.replayed</c>, <c>crm.refunds.recorded</c>,
    /// <c>crm.refunds.replayed</c> and <c>crm.concurrency.retries</c> (counters, unit <c>{fact}</c> or <c>{retry}</c>).
    /// </remarks>
    public const string MeterName = "Crm.Core";

    internal static readonly Meter Meter = new(MeterName, typeof(CrmTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> PurchasesRecorded = Meter.CreateCounter<long>("crm.purchases.recorded", "{fact}", "Purchases recorded for the first time.");

    internal static readonly Counter<long> PurchasesReplayed = Meter.CreateCounter<long>("crm.purchases.replayed", "{fact}", "Purchases handed in again (idempotent replays).");

    internal static readonly Counter<long> RefundsRecorded = Meter.CreateCounter<long>("crm.refunds.recorded", "{fact}", "Refunds recorded for the first time.");

    internal static readonly Counter<long> RefundsReplayed = Meter.CreateCounter<long>("crm.refunds.replayed", "{fact}", "Refunds handed in again (idempotent replays).");

    internal static readonly Counter<long> ConcurrencyRetries = Meter.CreateCounter<long>("crm.concurrency.retries", "{retry}", "Writes retried after an optimistic-concurrency conflict.");
}
