using NodaTime;

namespace Crm;

/// <summary>
/// Whether a customer may be contacted for a purpose on a channel at an instant, and why: the answer of
/// <see cref="ContactPolicy"/>, which every sending path asks, and of the audit query <see cref="CrmManager.DecideContactAsync"/>.
/// </summary>
public sealed class ContactDecision
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the purpose asked about.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Gets the channel asked about (one flag).</summary>
    public required ContactChannels Channel { get; init; }

    /// <summary>Gets the instant the decision is about.</summary>
    public required Instant At { get; init; }

    /// <summary>Gets whether the customer may be contacted.</summary>
    public bool IsAllowed => Reason == ContactDecisionReason.Granted;

    /// <summary>Gets why.</summary>
    public required ContactDecisionReason Reason { get; init; }

    /// <summary>Gets the consent record that decided (granted or withdrawn), or <see langword="null"/> when none did.</summary>
    public ConsentRecord? Record { get; init; }

    /// <summary>Gets the reason as a sentence for people, such as "Marketing by Sms withdrawn at 2026-03-01T08:00:00Z via 'app' under policy 'v3' by operator 'x' (record 'r-2')".</summary>
    public required string Explanation { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{(IsAllowed ? "Allowed" : "Refused")} ({Reason}): {Explanation}";
}
