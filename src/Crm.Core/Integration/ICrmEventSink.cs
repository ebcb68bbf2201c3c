namespace Crm;

/// <summary>
/// Receives the events packages raise. Register your own to send messages or update your systems; the default drops them.
/// </summary>
/// <remarks>An event may be delivered more than once when a fact is replayed; use <see cref="CrmEvent.EventId"/> to drop duplicates.</remarks>
public interface ICrmEventSink
{
    /// <summary>Publishes an event.</summary>
    /// <param name="crmEvent">The event.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the event is handed over.</returns>
    ValueTask PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken = default);
}
