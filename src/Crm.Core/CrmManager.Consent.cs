using Crm.Internal;
using NodaTime;

namespace Crm;

public sealed partial class CrmManager
{
    /// <summary>Records that a customer granted or withdrew consent for a purpose on a channel, idempotently by the record's id.</summary>
    /// <param name="record">The record; its <see cref="ConsentRecord.RecordedAt"/> is ignored (the clock's now is stored).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The record as stored; recording the same id with the same content again is a replay that writes nothing and returns the first record.</returns>
    /// <remarks>Nothing is written unless the customer is registered. Records are never changed or removed; a change of mind is a new record.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="CrmValidationException">
    /// A key is not valid (<see cref="CrmErrorCodes.KeyInvalid"/>: id, policy version, source, operator), the customer id is default
    /// (<see cref="CrmErrorCodes.CustomerIdInvalid"/>) or not registered (<see cref="CrmErrorCodes.CustomerNotFound"/>), the purpose
    /// (<see cref="CrmErrorCodes.ConsentPurposeInvalid"/>), channel (<see cref="CrmErrorCodes.ConsentChannelInvalid"/>) or instant
    /// (<see cref="CrmErrorCodes.ConsentInstantInvalid"/>) is not valid, or the id was recorded with other content (<see cref="CrmErrorCodes.ConsentIdReused"/>).
    /// </exception>
    public async Task<RecordConsentResult> RecordConsentAsync(ConsentRecord record, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(record);
        Guard.Key(record.Id, CrmErrorCodes.KeyInvalid, "Id");
        Guard.Customer(record.CustomerId);
        ContactPolicy.CheckPurpose(record.Purpose, "Purpose");
        ContactPolicy.CheckChannel(record.Channel, "Channel");
        Guard.Key(record.PolicyVersion, CrmErrorCodes.KeyInvalid, "PolicyVersion");
        Guard.Key(record.Source, CrmErrorCodes.KeyInvalid, "Source");
        if (record.OperatorId is not null)
        {
            Guard.Key(record.OperatorId, CrmErrorCodes.KeyInvalid, "OperatorId");
        }

        var now = _clock.GetCurrentInstant();
        if (record.At > now + _settings.Options.MaxClockSkew || record.At < _settings.Options.EarliestFactInstant)
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentInstantInvalid, "At", $"Consent record '{record.Id}' is dated {record.At}: it must lie between {_settings.Options.EarliestFactInstant} and now ({now}) plus the clock skew allowed.");
        }

        if (await _customers.FindAsync(record.CustomerId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new CrmValidationException(CrmErrorCodes.CustomerNotFound, "CustomerId", $"Customer {record.CustomerId} is not registered; register them before recording their consent.");
        }

        // The store answers a taken id with the record stored under it, so two racing calls with one id cannot both write.
        var (stored, added) = await _consents.AppendAsync(record with { RecordedAt = now }, cancellationToken).ConfigureAwait(false);
        if (!added && !stored.SameContent(record))
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentIdReused, "Id", $"Consent record '{record.Id}' was recorded before with other content.");
        }

        return new RecordConsentResult { Record = stored, IsReplay = !added };
    }

    /// <summary>Gets a customer's consent history and the current state per purpose and channel.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The history, oldest first, and the current state; both empty when the customer has no records.</returns>
    /// <exception cref="CrmValidationException">The customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public async Task<CustomerConsents> GetConsentsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        return CustomerConsents.From(customerId, await _consents.ListAsync(customerId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Answers whether a customer may be contacted for a purpose on a channel at an instant, and why (the audit query): the
    /// same decision every sending path takes through <see cref="ContactPolicy"/>, with the consent record that decided.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="channel">The channel: exactly one flag.</param>
    /// <param name="at">The instant asked about (when a message was or was not sent), or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The decision, with its reason, the deciding record and a sentence for people.</returns>
    /// <remarks>Only records recorded by <paramref name="at"/> count, so the answer about a past instant is the one the library gave then.</remarks>
    /// <exception cref="CrmValidationException">The customer id is default, or the purpose or the channel is not valid.</exception>
    public Task<ContactDecision> DecideContactAsync(CustomerId customerId, ConsentPurpose purpose, ContactChannels channel, Instant? at = null, CancellationToken cancellationToken = default) =>
        ContactPolicy.DecideAsync(_customers, _consents, customerId, purpose, channel, at ?? _clock.GetCurrentInstant(), _settings.Culture, cancellationToken);
}
