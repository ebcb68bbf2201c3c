namespace Crm.Feedback;

/// <summary>The outcome of an action on a complaint ticket: a business "yes" or "no".</summary>
public sealed record TicketTransitionResult
{
    /// <summary>Gets a value that is <see langword="true"/> when the action took effect (now or, for a replay, before).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Gets the ticket as it is now.</summary>
    public required ComplaintTicket Ticket { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the action id had been applied and nothing was written.</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets why the action did not take effect (<see cref="FeedbackErrorCodes.TicketState"/>, <see cref="FeedbackErrorCodes.RemedyCouponRefused"/>), or <see langword="null"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets a message for the error, for staff, in the culture of <see cref="CrmOptions.Culture"/>, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }
}
