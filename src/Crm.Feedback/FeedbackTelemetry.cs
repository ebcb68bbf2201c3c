using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Feedback;

/// <summary>The names under which Crm.Feedback publishes counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.Activity"/>).</summary>
public static class FeedbackTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Crm.Feedback</c>.</summary>
    /// <remarks>Counters: <c>crm.feedback.interactions</c> (<c>{interaction}</c>, tagged with the kind), <c>crm.feedback.ticket_actions</c>
    /// (<c>{action}</c>, tagged with the action), <c>crm.feedback.invitations</c> (<c>{invitation}</c>), <c>crm.feedback.responses</c>
    /// (<c>{response}</c>) and <c>crm.feedback.concurrency_retries</c> (<c>{retry}</c>). Spans: <c>crm.feedback.ticket_action</c> and
    /// <c>crm.feedback.satisfaction_report</c>.</remarks>
    public const string Name = "Crm.Feedback";

    internal static readonly Meter Meter = new(Name, typeof(FeedbackTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(FeedbackTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Interactions = Meter.CreateCounter<long>("crm.feedback.interactions", "{interaction}", "Service interactions recorded, by kind.");

    internal static readonly Counter<long> TicketActions = Meter.CreateCounter<long>("crm.feedback.ticket_actions", "{action}", "Complaint ticket actions applied, by action.");

    internal static readonly Counter<long> Invitations = Meter.CreateCounter<long>("crm.feedback.invitations", "{invitation}", "Survey invitations written.");

    internal static readonly Counter<long> Responses = Meter.CreateCounter<long>("crm.feedback.responses", "{response}", "Survey responses recorded.");

    internal static readonly Counter<long> ConcurrencyRetries = Meter.CreateCounter<long>("crm.feedback.concurrency_retries", "{retry}", "Writes read and decided again after a concurrency conflict.");
}
