namespace Crm.Feedback;

/// <summary>The outcome of <see cref="FeedbackManager.RecordInteractionAsync"/>.</summary>
public sealed record RecordInteractionResult
{
    /// <summary>Gets the interaction as stored.</summary>
    public required ServiceInteraction Interaction { get; init; }

    /// <summary>Gets the complaint's ticket as it is now, or <see langword="null"/> for an interaction that is not a complaint.</summary>
    public ComplaintTicket? Ticket { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the id had been recorded with the same content and nothing was written.</summary>
    public required bool IsReplay { get; init; }
}
