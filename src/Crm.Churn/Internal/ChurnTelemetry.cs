using System.Diagnostics.Metrics;

namespace Crm.Churn.Internal;

/// <summary>The counters of Crm.Churn, on the meter <c>Crm.Churn</c>.</summary>
internal static class ChurnTelemetry
{
    public static readonly Meter Meter = new("Crm.Churn", typeof(ChurnTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Assessments = Meter.CreateCounter<long>("crm.churn.assessments", "{customer}", "Customers assessed.");

    public static readonly Counter<long> WinBackActions = Meter.CreateCounter<long>("crm.churn.winback.actions", "{action}", "Win-back actions run.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("crm.churn.concurrency_retries", "{retry}", "Win-back steps read, decided and written again after a concurrency conflict.");

    public static readonly Counter<long> WinBackIssueFailures = Meter.CreateCounter<long>("crm.churn.winback.issue_failures", "{action}", "Win-back coupon actions the coupon issuer refused (template removed, budget or cap reached); no action ran.");

    public static readonly Counter<long> ModelFitFailures = Meter.CreateCounter<long>("crm.churn.model.fit_failures", "{fit}", "Model fits that did not converge (tagged with the model and the failure); assessments went on without the model.");

    public static readonly Counter<long> WonBack = Meter.CreateCounter<long>("crm.churn.winback.won", "{episode}", "Episodes ended by a purchase within the won-back window.");
}
