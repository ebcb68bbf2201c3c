namespace Crm.Feedback;

/// <summary>
/// When a purchase earns its customer a survey invitation: which purchases (sales channel, store), what share of them
/// (a sampling rate, decided by a hash of customer and purchase so a replay decides the same), how often at most, and on
/// which contact channel, which the customer must have consented to.
/// </summary>
public sealed class SurveyRule
{
    /// <summary>Gets the rule's name (a key), recorded on its invitations.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the survey the invitation is for (a key).</summary>
    public required string SurveyId { get; init; }

    /// <summary>Gets the sales channels of the purchases the rule applies to; empty for every channel.</summary>
    public IReadOnlyList<SalesChannel> SalesChannels { get; init; } = [];

    /// <summary>Gets the stores the rule applies to (ordinal); empty for every store.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Gets the share of matching purchases invited, 0 to 1.</summary>
    /// <value>The default value is 1 (every purchase).</value>
    public decimal SamplingRate { get; init; } = 1m;

    /// <summary>Gets the days, 0 to 3,650, that must pass after an invitation (of any rule) before the customer is invited again; 0 for no cap.</summary>
    /// <value>The default value is 30 days.</value>
    public int CapDays { get; init; } = 30;

    /// <summary>Gets the contact channel the invitation is sent on (one flag); the customer must have consented to it.</summary>
    /// <value>The default value is <see cref="ContactChannels.Sms"/>.</value>
    public ContactChannels Via { get; init; } = ContactChannels.Sms;

    internal bool Matches(SalesChannel channel, string storeId) =>
        (SalesChannels.Count == 0 || SalesChannels.Contains(channel)) && (Stores.Count == 0 || Stores.Contains(storeId, StringComparer.Ordinal));

    internal void Validate(string path)
    {
        if (!HostKey.IsValid(Name))
        {
            throw FeedbackPolicy.Invalid($"{path}.name", $"'{Name}' is not a key.");
        }

        if (!HostKey.IsValid(SurveyId))
        {
            throw FeedbackPolicy.Invalid($"{path}.surveyId", $"'{SurveyId}' is not a key.");
        }

        if (SalesChannels is null || SalesChannels.Any(c => !Enum.IsDefined(c)))
        {
            throw FeedbackPolicy.Invalid($"{path}.salesChannels", "Each sales channel must be defined; leave the property out for every channel.");
        }

        if (Stores is null || Stores.Any(s => !HostKey.IsValid(s)))
        {
            throw FeedbackPolicy.Invalid($"{path}.stores", "Each store must be a key; leave the property out for every store.");
        }

        if (SamplingRate is < 0m or > 1m)
        {
            throw FeedbackPolicy.Invalid($"{path}.samplingRate", $"{SamplingRate}: it must be between 0 and 1.");
        }

        if (CapDays is < 0 or > 3650)
        {
            throw FeedbackPolicy.Invalid($"{path}.capDays", $"{CapDays}: it must be between 0 and 3,650.");
        }

        if (!ContactPolicy.IsSingleChannel(Via))
        {
            throw FeedbackPolicy.Invalid($"{path}.via", $"'{Via}' must be exactly one contact channel.");
        }
    }
}
