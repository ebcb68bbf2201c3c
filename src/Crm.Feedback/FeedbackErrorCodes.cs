namespace Crm.Feedback;

/// <summary>The stable error codes of Crm.Feedback, carried by its <see cref="CrmException"/>s and by the business "no" of its results.</summary>
/// <remarks>A policy document that does not validate uses <see cref="CrmErrorCodes.RulesInvalid"/> with the JSON path, as in every package.</remarks>
public static class FeedbackErrorCodes
{
    /// <summary>An interaction is malformed: an id that is not a key, an undefined kind, category or channel, a text too long.</summary>
    public const string InteractionInvalid = "feedback.interaction_invalid";

    /// <summary>An id (of an interaction, a ticket action, a response, an invitation or a note) was used before for something else; nothing was written.</summary>
    public const string IdReused = "feedback.id_reused";

    /// <summary>No complaint ticket has the id.</summary>
    public const string TicketNotFound = "feedback.ticket_not_found";

    /// <summary>A ticket action is not allowed in the ticket's status (resolving a closed ticket, reopening an open one). A business "no", returned in <see cref="TicketTransitionResult.ErrorCode"/>.</summary>
    public const string TicketState = "feedback.ticket_state";

    /// <summary>A resolution is malformed: no remedy, a refund that is not a positive amount in the programme's currency, a coupon without a template, points that are not positive.</summary>
    public const string ResolutionInvalid = "feedback.resolution_invalid";

    /// <summary>A coupon remedy was asked for but no <see cref="ICouponIssuer"/> is registered, or the issuer refused it (returned in <see cref="TicketTransitionResult.ErrorCode"/>).</summary>
    public const string RemedyCouponRefused = "feedback.remedy_coupon_refused";

    /// <summary>A survey invitation or response is malformed: scores out of range (NPS 0 to 10, CSAT and ratings 1 to 5), no score at all, a bad key.</summary>
    public const string SurveyInvalid = "feedback.survey_invalid";

    /// <summary>A report request is malformed: a period that ends before it starts, an undefined grouping.</summary>
    public const string ReportInvalid = "feedback.report_invalid";

    /// <summary>A note is malformed: a bad id or author, an empty or too long text.</summary>
    public const string NoteInvalid = "feedback.note_invalid";
}
