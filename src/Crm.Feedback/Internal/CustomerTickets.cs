namespace Crm.Feedback.Internal;

/// <summary>A customer's complaint tickets, found through their complaints (a ticket's id is its complaint's), for the export and the card.</summary>
internal static class CustomerTickets
{
    /// <summary>The tickets of the complaints among <paramref name="interactions"/>, in the interactions' order.</summary>
    public static async Task<List<ComplaintTicket>> OfAsync(IFeedbackStore store, IEnumerable<ServiceInteraction> interactions, CancellationToken cancellationToken)
    {
        var tickets = new List<ComplaintTicket>();
        foreach (var complaint in interactions.Where(i => i.Kind == InteractionKind.Complaint))
        {
            if (await store.FindTicketAsync(complaint.Id, cancellationToken).ConfigureAwait(false) is { } ticket)
            {
                tickets.Add(ticket);
            }
        }

        return tickets;
    }
}
