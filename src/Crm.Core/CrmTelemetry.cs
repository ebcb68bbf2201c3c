using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm;

/// <summary>
/// The names under which Crm.Core publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and its traces
/// (<see cref="System.Diagnostics.ActivitySource"/>), so a host can export them, for example with OpenTelemetry's
/// <c>AddMeter(CrmTelemetry.Name)</c> and <c>AddSource(CrmTelemetry.Name)</c> (docs/observability.md).
/// </summary>
public static class CrmTelemetry
{
    /// <summary>The name of Crm.Core's <see cref="Meter"/> and <see cref="ActivitySource"/>: <c>Crm.Core</c>.</summary>
    /// <remarks>
    /// Instruments: <c>crm.purchases.recorded</c>, <c>crm.purchases.replayed</c>, <c>crm.refunds.recorded</c>,
    /// <c>crm.refunds.replayed</c> and <c>crm.concurrency.retries</c> (counters, unit <c>{fact}</c> or <c>{retry}</c>).
    /// Spans: <c>crm.record_purchase</c> and <c>crm.record_refund</c> (tags <c>crm.fact.id</c> and <c>crm.fact.status</c>), each
    /// with a child per attempt's steps: <c>crm.unit.prefetch</c>, one <c>crm.handler</c> per package handler (tags
    /// <c>crm.handler</c>, the handler's type, and <c>crm.handler.order</c>) and <c>crm.unit.commit</c>. A fact refused
    /// or failed ends its span with the error status and the error code.
    /// </remarks>
    public const string Name = "Crm.Core";

    internal static readonly Meter Meter = new(Name, typeof(CrmTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(CrmTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> PurchasesRecorded = Meter.CreateCounter<long>("crm.purchases.recorded", "{fact}", "Purchases recorded for the first time.");

    internal static readonly Counter<long> PurchasesReplayed = Meter.CreateCounter<long>("crm.purchases.replayed", "{fact}", "Purchases handed in again (idempotent replays).");

    internal static readonly Counter<long> RefundsRecorded = Meter.CreateCounter<long>("crm.refunds.recorded", "{fact}", "Refunds recorded for the first time.");

    internal static readonly Counter<long> RefundsReplayed = Meter.CreateCounter<long>("crm.refunds.replayed", "{fact}", "Refunds handed in again (idempotent replays).");

    internal static readonly Counter<long> ConcurrencyRetries = Meter.CreateCounter<long>("crm.concurrency.retries", "{retry}", "Writes retried after an optimistic-concurrency conflict.");
}
