using NodaTime;

namespace Crm;

/// <summary>
/// One consent given or withdrawn by a customer, for one purpose on one channel, under a version of the host's privacy
/// policy: a fact that is never changed or removed. The current state is derived from the history (<see cref="CustomerConsents"/>).
/// </summary>
/// <remarks>
/// The record holds no free text: the source and the operator are the host's keys (such as <c>app</c>, <c>pos:store-12</c>,
/// <c>staff-0042</c>), so a record stays as proof of consent after the customer's personal data is erased.
/// </remarks>
public sealed record ConsentRecord
{
    /// <summary>Gets the host's id of the record (a key): recording it again with the same content is a replay.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the purpose.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Gets the channel: exactly one flag of <see cref="ContactChannels"/>.</summary>
    public required ContactChannels Channel { get; init; }

    /// <summary>Gets whether consent was granted (<see langword="true"/>) or withdrawn (<see langword="false"/>).</summary>
    public required bool Granted { get; init; }

    /// <summary>Gets the version of the host's privacy policy the customer saw (a key, such as <c>v3</c>).</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>Gets where the consent was given or withdrawn (a key, such as <c>app</c>, <c>pos:store-12</c>, <c>sms-reply</c>).</summary>
    public required string Source { get; init; }

    /// <summary>Gets the instant the customer gave or withdrew consent.</summary>
    /// <remarks>It may be earlier than <see cref="RecordedAt"/> (a paper form entered later), never later than the clock allows (<see cref="CrmOptions.MaxClockSkew"/>).</remarks>
    public required Instant At { get; init; }

    /// <summary>Gets the staff member or system that recorded it on the customer's behalf (a key), or <see langword="null"/> when the customer acted themselves.</summary>
    public string? OperatorId { get; init; }

    /// <summary>Gets the instant the library recorded it.</summary>
    /// <remarks>Set by <see cref="CrmManager.RecordConsentAsync"/> from the clock; ignored when recording.</remarks>
    public Instant RecordedAt { get; init; }

    /// <summary>Whether another record says the same in every field the host sends (all but <see cref="RecordedAt"/>): a replay.</summary>
    internal bool SameContent(ConsentRecord other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal) && CustomerId == other.CustomerId && Purpose == other.Purpose
        && Channel == other.Channel && Granted == other.Granted && string.Equals(PolicyVersion, other.PolicyVersion, StringComparison.Ordinal)
        && string.Equals(Source, other.Source, StringComparison.Ordinal) && At == other.At && string.Equals(OperatorId, other.OperatorId, StringComparison.Ordinal);
}
