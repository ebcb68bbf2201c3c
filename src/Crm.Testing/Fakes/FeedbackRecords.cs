using Crm.Feedback;
using NodaTime;

namespace Crm.Testing.Fakes;

/// <summary>Feedback records for the store suites, with fresh ids and, for lists, a time base of their own.</summary>
public static class FeedbackRecords
{
    /// <summary>Gets an instant in a range no other call is likely to use, so a period query of a shared database sees one test's records only.</summary>
    /// <returns>An instant between 1990 and 2020, to the second.</returns>
    public static Instant NewTimeBase() => Instant.FromUtc(1990, 1, 1, 0, 0) + Duration.FromSeconds(Random.Shared.NextInt64(0, 946_000_000) / 1000 * 1000);

    /// <summary>Creates an interaction.</summary>
    /// <param name="id">The id.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">When it occurred.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="storeId">The store.</param>
    /// <returns>The interaction, with text in more than one script.</returns>
    public static ServiceInteraction Interaction(string id, CustomerId customerId, Instant at, InteractionKind kind = InteractionKind.Complaint, string storeId = "sh-001") => new()
    {
        Id = id,
        Kind = kind,
        Category = FeedbackCategory.WaitTime,
        Channel = FeedbackChannel.MiniProgram,
        CustomerId = customerId,
        StoreId = storeId,
        StaffId = "s-7",
        PurchaseId = "p-" + id,
        Text = "等了25分钟 — waited 25 minutes \"again\"",
        OccurredAt = at,
    };

    /// <summary>Creates the ticket a complaint opens.</summary>
    /// <param name="complaint">The complaint.</param>
    /// <returns>An open ticket at version 1.</returns>
    public static ComplaintTicket Ticket(ServiceInteraction complaint) => new()
    {
        Id = complaint.Id,
        CustomerId = complaint.CustomerId,
        StoreId = complaint.StoreId,
        Category = complaint.Category,
        Status = TicketStatus.Open,
        OpenedAt = complaint.OccurredAt,
        AcknowledgeDueAt = complaint.OccurredAt + Duration.FromHours(2),
        ResolveDueAt = complaint.OccurredAt + Duration.FromHours(48),
        Version = 1,
    };

    /// <summary>Creates a response.</summary>
    /// <param name="id">The id.</param>
    /// <param name="storeId">The store.</param>
    /// <param name="at">When.</param>
    /// <param name="customerId">The customer, or <see langword="null"/>.</param>
    /// <returns>A response with every field set.</returns>
    public static SurveyResponse Response(string id, string storeId, Instant at, CustomerId? customerId = null) => new()
    {
        Id = id,
        SurveyId = "nps",
        StoreId = storeId,
        CustomerId = customerId,
        InvitationId = customerId is null ? null : "inv-" + id,
        RespondedAt = at,
        Nps = 9,
        Csat = 4,
        Ratings = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["taste"] = 5, ["wait"] = 2 },
        Comment = customerId is null ? null : "Ask for 李",
    };
}
