using NodaTime;

namespace Crm.Samples.TillService.Contracts;

/// <summary>
/// A consent the customer gave or withdrew for one purpose on one channel (the app's privacy screen, a till's tablet, an
/// SMS reply). Recording the same id again is a replay; consent is never read from the profile.
/// </summary>
public sealed class RecordConsentRequest
{
    /// <summary>The host's id of this record (the idempotency key).</summary>
    public required string Id { get; init; }

    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Exactly one channel, such as <c>"push"</c> or <c>"sms"</c>.</summary>
    public required ContactChannels Channel { get; init; }

    public required bool Granted { get; init; }

    public required string PolicyVersion { get; init; }

    public required string Source { get; init; }

    /// <summary>When the customer acted; the service's clock when absent.</summary>
    public Instant? At { get; init; }

    public string? OperatorId { get; init; }

    internal ConsentRecord ToRecord(CustomerId customer, IClock clock) => new()
    {
        Id = Id,
        CustomerId = customer,
        Purpose = Purpose,
        Channel = Channel,
        Granted = Granted,
        PolicyVersion = PolicyVersion,
        Source = Source,
        At = At ?? clock.GetCurrentInstant(),
        OperatorId = OperatorId,
    };
}

/// <summary>The recorded consent; <see cref="IsReplay"/> when the id had been recorded with the same content.</summary>
public sealed record ConsentResponse
{
    public required ConsentRecord Record { get; init; }

    public required bool IsReplay { get; init; }

    internal static ConsentResponse From(RecordConsentResult result) => new() { Record = result.Record, IsReplay = result.IsReplay };
}

/// <summary>The audit answer: may the customer be contacted for this purpose on this channel, why, and the record that decided.</summary>
public sealed record ContactDecisionResponse
{
    public required bool Allowed { get; init; }

    public required ContactDecisionReason Reason { get; init; }

    public required string Explanation { get; init; }

    public string? RecordId { get; init; }

    internal static ContactDecisionResponse From(ContactDecision decision) => new()
    {
        Allowed = decision.IsAllowed,
        Reason = decision.Reason,
        Explanation = decision.Explanation,
        RecordId = decision.Record?.Id,
    };
}
