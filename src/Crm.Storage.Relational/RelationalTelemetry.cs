using System.Diagnostics;

namespace Crm.Storage.Relational;

/// <summary>
/// The name under which the relational stores (Crm.Storage.Sqlite, Crm.Storage.Postgres, or a dialect of your own) publish
/// their traces (<see cref="System.Diagnostics.ActivitySource"/>), so a host can export them, for example with
/// OpenTelemetry's <c>AddSource(RelationalTelemetry.Name)</c> (docs/observability.md).
/// </summary>
public static class RelationalTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>: <c>Crm.Storage.Relational</c>.</summary>
    /// <remarks>
    /// Spans: <c>crm.store</c>, one per round trip to the database made for a store call (kind client), shown as
    /// <c>crm.store IPointsLedgerStore.GetAccountAsync</c>: a query of a store method, a write outside a unit of work, a unit's
    /// read-ahead (<c>IStoreUnitOfWork.PrefetchAsync</c>) and a unit's commit (<c>IStoreUnitOfWork.CommitAsync</c>). Tags:
    /// <c>db.system.name</c> and <c>db.system</c> (the dialect's name in lower case: <c>sqlite</c>, <c>postgresql</c>),
    /// <c>db.operation.name</c> (<c>SELECT</c>, <c>INSERT</c>, or <c>BATCH ...</c> for several statements, with
    /// <c>db.operation.batch.size</c>), <c>crm.store</c> (the store interface) and <c>crm.store.operation</c> (its method).
    /// No SQL text, no parameter values. A read served from what the unit read ahead makes no round trip and no span.
    /// The stores publish no counters.
    /// </remarks>
    public const string Name = "Crm.Storage.Relational";

    internal static readonly ActivitySource Source = new(Name, typeof(RelationalTelemetry).Assembly.GetName().Version?.ToString());
}
