namespace Crm.Campaigns;

/// <summary>The outcome of <see cref="CampaignManager.DeliverAsync"/>.</summary>
public sealed record DeliveryResult
{
    /// <summary>Gets the assignment as stored after the delivery, or as it was when nothing was written.</summary>
    public CampaignAssignment? Assignment { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the delivery had been decided before and nothing was written.</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets why nothing was delivered (<see cref="CampaignsErrorCodes.NotRunning"/>, <see cref="CampaignsErrorCodes.CouponRefused"/>), or <see langword="null"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets a sentence for people when <see cref="ErrorCode"/> is set, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets whether the delivery was decided (now or before): delivered, held out, or excluded for consent or budget.</summary>
    public bool Succeeded => ErrorCode is null;

    /// <summary>
    /// Gets the consent decision this delivery took (the campaign's purpose on its channel), with the record that decided, or
    /// <see langword="null"/> for a replay or a delivery refused before consent was asked; a replay's reason is kept on
    /// <see cref="CampaignAssignment.ContactReason"/>, and <see cref="CrmManager.DecideContactAsync"/> at the assignment's
    /// <see cref="CampaignAssignment.DecidedAt"/> gives the record.
    /// </summary>
    public ContactDecision? Contact { get; init; }
}
