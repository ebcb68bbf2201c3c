namespace Crm;

/// <summary>A customer's consent history and the current state derived from it: per purpose and channel, the latest record.</summary>
/// <remarks>
/// Records are ordered by <see cref="ConsentRecord.At"/>, then <see cref="ConsentRecord.RecordedAt"/>, then id (ordinal): the
/// latest decides, so a withdrawal entered late from a paper form dated before a later grant does not undo that grant.
/// </remarks>
public sealed class CustomerConsents
{
    private CustomerConsents(CustomerId customerId, IReadOnlyList<ConsentRecord> history, IReadOnlyList<ConsentRecord> current)
    {
        CustomerId = customerId;
        History = history;
        Current = current;
    }

    /// <summary>Gets the customer.</summary>
    public CustomerId CustomerId { get; }

    /// <summary>Gets every record, oldest first.</summary>
    public IReadOnlyList<ConsentRecord> History { get; }

    /// <summary>Gets the latest record of each purpose and channel that has one, by purpose then channel.</summary>
    public IReadOnlyList<ConsentRecord> Current { get; }

    /// <summary>Derives the current state from a customer's records, in any order.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="records">The customer's records; records of other customers are refused.</param>
    /// <returns>The history in order and the current state.</returns>
    /// <exception cref="ArgumentException">A record names another customer.</exception>
    public static CustomerConsents From(CustomerId customerId, IEnumerable<ConsentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var history = records.OrderBy(r => r.At).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        if (history.FirstOrDefault(r => r.CustomerId != customerId) is { } stranger)
        {
            throw new ArgumentException($"Record '{stranger.Id}' is about customer {stranger.CustomerId}, not {customerId}.", nameof(records));
        }

        var latest = new Dictionary<(ConsentPurpose, ContactChannels), ConsentRecord>();
        foreach (var record in history)
        {
            latest[(record.Purpose, record.Channel)] = record;
        }

        return new CustomerConsents(customerId, history, [.. latest.Values.OrderBy(r => r.Purpose).ThenBy(r => r.Channel)]);
    }

    /// <summary>Finds the record that decides a purpose and channel now.</summary>
    /// <param name="purpose">The purpose.</param>
    /// <param name="channel">The channel (one flag).</param>
    /// <returns>The latest record of that purpose and channel, or <see langword="null"/> when there is none.</returns>
    public ConsentRecord? Find(ConsentPurpose purpose, ContactChannels channel) =>
        Current.FirstOrDefault(r => r.Purpose == purpose && r.Channel == channel);
}
