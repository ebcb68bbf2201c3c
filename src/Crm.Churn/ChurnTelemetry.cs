using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Churn;

/// <summary>The name under which Crm.Churn publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.ActivitySource"/>).</summary>
public static class ChurnTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>: <c>Crm.Churn</c>.</summary>
    /// <remarks>Counters: <c>crm.churn.assessments</c> (<c>{customer}</c>), <c>crm.churn.winback.actions</c> (<c>{action}</c>),
    /// <c>crm.churn.concurrency_retries</c> (<c>{retry}</c>), <c>crm.churn.winback.issue_failures</c> (<c>{action}</c>),
    /// <c>crm.churn.model.fit_failures</c> (<c>{fit}</c>, tagged with the model and the failure) and
    /// <c>crm.churn.winback.won</c> (<c>{episode}</c>). Spans: <c>crm.churn.run</c>.</remarks>
    public const string Name = "Crm.Churn";

    internal static readonly Meter Meter = new(Name, typeof(ChurnTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(ChurnTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Assessments = Meter.CreateCounter<long>("crm.churn.assessments", "{customer}", "Customers assessed.");

    internal static readonly Counter<long> WinBackActions = Meter.CreateCounter<long>("crm.churn.winback.actions", "{action}", "Win-back actions run.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.churn.concurrency_retries", "{retry}", "Win-back steps read, decided and written again after a concurrency conflict.");

    internal static readonly Counter<long> WinBackIssueFailures = Meter.CreateCounter<long>("crm.churn.winback.issue_failures", "{action}", "Win-back coupon actions the coupon issuer refused (template removed, budget or cap reached); no action ran.");

    internal static readonly Counter<long> ModelFitFailures = Meter.CreateCounter<long>("crm.churn.model.fit_failures", "{fit}", "Model fits that did not converge (tagged with the model and the failure); assessments went on without the model.");

    internal static readonly Counter<long> WonBack = Meter.CreateCounter<long>("crm.churn.winback.won", "{episode}", "Episodes ended by a purchase within the won-back window.");
}
