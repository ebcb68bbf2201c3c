using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Segmentation;

/// <summary>The name under which Crm.Segmentation publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.ActivitySource"/>).</summary>
public static class SegmentationTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>: <c>Crm.Segmentation</c>.</summary>
    /// <remarks>Counters: <c>crm.segmentation.customers_assigned</c> (<c>{customer}</c>). Spans: <c>crm.segmentation.run</c>.</remarks>
    public const string Name = "Crm.Segmentation";

    internal static readonly Meter Meter = new(Name, typeof(SegmentationTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(SegmentationTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> CustomersAssigned = Meter.CreateCounter<long>("crm.segmentation.customers_assigned", "{customer}", "Customers whose segments a run assigned.");
}
