using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Crm;

/// <summary>
/// The one rule every sending path of the library follows (win-back, campaigns, survey invitations, recommendation pushes),
/// and the audit query answers by: a customer may be contacted for a purpose on a channel when they are registered, not
/// erased, and the latest consent record of that purpose and channel known at the instant grants it.
/// </summary>
/// <remarks>
/// <para>"Known at the instant" means recorded (<see cref="ConsentRecord.RecordedAt"/>) by then, so asking about a past
/// instant gives the answer the library gave then; among those records the latest by <see cref="ConsentRecord.At"/> decides
/// (<see cref="CustomerConsents"/>). Consent is never assumed: no record refuses.</para>
/// <para>Erasure refuses from the instant of erasure on, whatever the records say.</para>
/// </remarks>
public static class ContactPolicy
{
    /// <summary>Decides from what a caller read.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="profile">The customer's profile, or <see langword="null"/> when none was found.</param>
    /// <param name="records">The customer's consent records, in any order.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="channel">The channel: exactly one flag.</param>
    /// <param name="at">The instant the contact is (or was) made.</param>
    /// <param name="culture">The culture of the explanation; <see langword="null"/> for the current UI culture (managers pass <see cref="CrmOptions.Culture"/>).</param>
    /// <returns>The decision.</returns>
    /// <exception cref="CrmValidationException">The purpose is not a <see cref="ConsentPurpose"/> (<see cref="CrmErrorCodes.ConsentPurposeInvalid"/>) or the channel is not exactly one channel (<see cref="CrmErrorCodes.ConsentChannelInvalid"/>).</exception>
    public static ContactDecision Decide(CustomerId customerId, CustomerProfile? profile, IEnumerable<ConsentRecord> records, ConsentPurpose purpose, ContactChannels channel, Instant at, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        CheckPurpose(purpose, nameof(purpose));
        CheckChannel(channel, nameof(channel));
        var texts = Internal.TextCatalog.Package;
        culture ??= CultureInfo.CurrentUICulture;
        var purposeText = texts.Get(culture, "Purpose." + purpose);
        var channelText = texts.Get(culture, "Channel." + channel);
        if (profile is null)
        {
            return Decision(ContactDecisionReason.CustomerNotFound, null, texts.Format(culture, "Contact.NotRegistered", purposeText, channelText, customerId));
        }

        if (profile.ErasedAt is { } erased && erased <= at)
        {
            return Decision(ContactDecisionReason.CustomerErased, null, texts.Format(culture, "Contact.Erased", purposeText, channelText, Format(erased)));
        }

        var record = CustomerConsents.From(customerId, records.Where(r => r.RecordedAt <= at)).Find(purpose, channel);
        if (record is null)
        {
            return Decision(ContactDecisionReason.NoConsentRecord, null, texts.Format(culture, "Contact.NoRecord", purposeText, channelText));
        }

        var by = record.OperatorId is null ? texts.Get(culture, "Contact.ByCustomer") : texts.Format(culture, "Contact.ByOperator", record.OperatorId);
        return Decision(
            record.Granted ? ContactDecisionReason.Granted : ContactDecisionReason.Withdrawn,
            record,
            texts.Format(culture, record.Granted ? "Contact.Granted" : "Contact.Withdrawn", purposeText, channelText, Format(record.At), record.Source, record.PolicyVersion, by, record.Id));

        ContactDecision Decision(ContactDecisionReason reason, ConsentRecord? decidedBy, string explanation) => new()
        {
            CustomerId = customerId,
            Purpose = purpose,
            Channel = channel,
            At = at,
            Reason = reason,
            Record = decidedBy,
            Explanation = explanation,
        };
    }

    /// <summary>Decides by reading the customer's profile and consent records through the given stores (the service provider's, or a unit of work's).</summary>
    /// <param name="customers">The customer store.</param>
    /// <param name="consents">The consent store.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="channel">The channel: exactly one flag.</param>
    /// <param name="at">The instant the contact is (or was) made.</param>
    /// <param name="culture">The culture of the explanations; <see langword="null"/> for the current UI culture.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="CrmValidationException">The customer id is default, the purpose or the channel is not valid.</exception>
    public static async Task<ContactDecision> DecideAsync(ICustomerStore customers, IConsentStore consents, CustomerId customerId, ConsentPurpose purpose, ContactChannels channel, Instant at, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(consents);
        Internal.Guard.Customer(customerId);
        CheckPurpose(purpose, nameof(purpose));
        CheckChannel(channel, nameof(channel));
        var (profile, records) = await ReadAsync(customers, consents, customerId, cancellationToken).ConfigureAwait(false);
        return Decide(customerId, profile, records, purpose, channel, at, culture);
    }

    /// <summary>Decides for each single channel of a set, by reading the profile and the records once.</summary>
    /// <param name="customers">The customer store.</param>
    /// <param name="consents">The consent store.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="channels">One or more channels.</param>
    /// <param name="at">The instant the contact is (or was) made.</param>
    /// <param name="culture">The culture of the explanations; <see langword="null"/> for the current UI culture.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>One decision per channel of <paramref name="channels"/>, in flag order.</returns>
    /// <exception cref="CrmValidationException">The customer id is default, the purpose is not valid, or <paramref name="channels"/> names no known channel.</exception>
    public static async Task<IReadOnlyList<ContactDecision>> DecideEachAsync(ICustomerStore customers, IConsentStore consents, CustomerId customerId, ConsentPurpose purpose, ContactChannels channels, Instant at, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(consents);
        Internal.Guard.Customer(customerId);
        CheckPurpose(purpose, nameof(purpose));
        if (channels == ContactChannels.None || (channels & ~AllChannels) != 0)
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentChannelInvalid, nameof(channels), $"'{channels}' names no contact channel, or an unknown one.");
        }

        var (profile, records) = await ReadAsync(customers, consents, customerId, cancellationToken).ConfigureAwait(false);
        return [.. Enum.GetValues<ContactChannels>().Where(c => c != ContactChannels.None && channels.HasFlag(c)).Select(c => Decide(customerId, profile, records, purpose, c, at, culture))];
    }

    /// <summary>The customer's profile and, for a registered one, their consent records: what every decision reads.</summary>
    private static async Task<(CustomerProfile? Profile, IReadOnlyList<ConsentRecord> Records)> ReadAsync(ICustomerStore customers, IConsentStore consents, CustomerId customerId, CancellationToken cancellationToken)
    {
        var profile = await customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        return (profile, profile is null ? [] : await consents.ListAsync(customerId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Every channel the library knows.</summary>
    internal const ContactChannels AllChannels = ContactChannels.Sms | ContactChannels.Email | ContactChannels.Push | ContactChannels.App
        | ContactChannels.PhoneCall | ContactChannels.WeChat | ContactChannels.MiniProgram | ContactChannels.DeliveryPlatform;

    /// <summary>Determines whether a value is exactly one channel the library knows, as a consent record and a contact question need.</summary>
    /// <param name="channel">The value.</param>
    /// <returns><see langword="true"/> for one known flag.</returns>
    public static bool IsSingleChannel(ContactChannels channel) =>
        channel != ContactChannels.None && (channel & ~AllChannels) == 0 && ((int)channel & ((int)channel - 1)) == 0;

    internal static void CheckPurpose(ConsentPurpose purpose, string field)
    {
        if (!Enum.IsDefined(purpose))
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentPurposeInvalid, field, $"{(int)purpose} is not a consent purpose.");
        }
    }

    internal static void CheckChannel(ContactChannels channel, string field)
    {
        if (!IsSingleChannel(channel))
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentChannelInvalid, field, $"'{channel}' must be exactly one contact channel.");
        }
    }

    private static string Format(Instant instant) => InstantPattern.General.Format(instant);
}
