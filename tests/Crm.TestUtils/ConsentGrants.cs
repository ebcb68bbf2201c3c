using System.Globalization;
using NodaTime;

namespace Crm.TestUtils;

/// <summary>Records consent the way a host does at registration: one granted record per channel, for one purpose.</summary>
public static class ConsentGrants
{
    /// <summary>Grants a purpose on each channel of <paramref name="channels"/> (nothing for <see cref="ContactChannels.None"/>), at <paramref name="at"/> or the customer's joining instant.</summary>
    /// <param name="manager">The front door.</param>
    /// <param name="customerId">A registered customer.</param>
    /// <param name="channels">The channels.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="at">When the customer consented; the joining instant when <see langword="null"/>.</param>
    /// <returns>The records written.</returns>
    public static async Task<IReadOnlyList<ConsentRecord>> GrantAsync(this CrmManager manager, CustomerId customerId, ContactChannels channels, ConsentPurpose purpose = ConsentPurpose.Marketing, Instant? at = null)
    {
        var when = at ?? (await manager.GetCustomerAsync(customerId))?.JoinedAt ?? throw new InvalidOperationException($"Customer {customerId} is not registered.");
        var written = new List<ConsentRecord>();
        foreach (var channel in Enum.GetValues<ContactChannels>().Where(c => c != ContactChannels.None && channels.HasFlag(c)))
        {
            var result = await manager.RecordConsentAsync(new ConsentRecord
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"grant:{customerId}:{purpose}:{channel}:{when.ToUnixTimeTicks()}"),
                CustomerId = customerId,
                Purpose = purpose,
                Channel = channel,
                Granted = true,
                PolicyVersion = "v1",
                Source = "registration",
                At = when,
            });
            written.Add(result.Record);
        }

        return written;
    }
}
