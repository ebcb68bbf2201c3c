using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Baskets;

/// <summary>The names under which Crm.Baskets publishes counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.Activity"/>).</summary>
public static class BasketTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Crm.Baskets</c>.</summary>
    /// <remarks>Counters: <c>crm.baskets.baskets_mined</c> (<c>{basket}</c>), <c>crm.baskets.models_saved</c> (<c>{model}</c>) and
    /// <c>crm.baskets.recommendations</c> (<c>{recommendation}</c>, tagged with the source). Spans: <c>crm.baskets.mine</c> (tagged with
    /// the scope, baskets and rules) and <c>crm.baskets.recommend</c>.</remarks>
    public const string Name = "Crm.Baskets";

    internal static readonly Meter Meter = new(Name, typeof(BasketTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(BasketTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> BasketsMined = Meter.CreateCounter<long>("crm.baskets.baskets_mined", "{basket}", "Baskets read from the journal and mined.");

    internal static readonly Counter<long> ModelsSaved = Meter.CreateCounter<long>("crm.baskets.models_saved", "{model}", "Model versions saved.");

    internal static readonly Counter<long> Recommendations = Meter.CreateCounter<long>("crm.baskets.recommendations", "{recommendation}", "Recommendations returned, by source.");
}
