using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Feedback.Internal;

/// <summary>
/// Crm.Feedback's section of a customer's data export: the customer's interactions, the complaint tickets they opened
/// (a ticket's id is its complaint's), their survey responses, the staff notes on them and their latest survey invitation.
/// </summary>
/// <remarks>Invitations before the latest are not in it: the store finds only the latest by customer (docs/privacy.md says so).</remarks>
internal sealed class FeedbackDataContributor(IFeedbackStore store, NodaTime.IClock clock) : ICustomerDataContributor
{
    public string Section => "feedback";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(IFeedbackStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var interactions = await store.ListCustomerInteractionsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var tickets = await CustomerTickets.OfAsync(store, interactions, cancellationToken).ConfigureAwait(false);
        var responses = await store.ListCustomerResponsesAsync(customerId, cancellationToken).ConfigureAwait(false);
        var notes = await store.ListNotesAsync(customerId, cancellationToken).ConfigureAwait(false);
        var invitation = await store.FindLatestInvitationAsync(customerId, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (interactions.Count == 0 && responses.Count == 0 && notes.Count == 0 && invitation is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["interactions"] = JsonSerializer.SerializeToNode(interactions, CrmJson.Options),
            ["tickets"] = JsonSerializer.SerializeToNode(tickets, CrmJson.Options),
            ["responses"] = JsonSerializer.SerializeToNode(responses, CrmJson.Options),
            ["notes"] = JsonSerializer.SerializeToNode(notes, CrmJson.Options),
            ["latestInvitation"] = JsonSerializer.SerializeToNode(invitation, CrmJson.Options),
        };
    }

    public async ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) =>
        await store.EraseCustomerTextAsync(customerId, erasedAt, cancellationToken).ConfigureAwait(false);
}
