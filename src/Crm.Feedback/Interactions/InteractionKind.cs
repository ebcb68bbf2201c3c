namespace Crm.Feedback;

/// <summary>What a service interaction is.</summary>
public enum InteractionKind
{
    /// <summary>The customer complains; a complaint opens a <see cref="ComplaintTicket"/>.</summary>
    Complaint = 1,

    /// <summary>The customer asks something.</summary>
    Inquiry = 2,

    /// <summary>The customer praises the store, the staff or a product.</summary>
    Praise = 3,

    /// <summary>The customer suggests an improvement.</summary>
    Suggestion = 4,

    /// <summary>Staff call a key customer back (a return visit).</summary>
    ReturnVisit = 5,
}
