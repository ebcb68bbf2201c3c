namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="IConsentStore"/> in SQL: one row per record holding it as JSON, with the id, the customer and the instants it is
/// found and ordered by. A unit of work reads a customer's records ahead with the rest of the customer's records.
/// </summary>
internal sealed class SqlConsentStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IConsentStore, IPrefetcher
{
    private const string Table = "consent";

    public async Task<(ConsentRecord Record, bool Added)> AppendAsync(ConsentRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var write = new SqlWrite(
            "INSERT INTO crm_consent_records (record_id, customer_id, at, recorded_at, body) VALUES (@id, @customer, @at, @recorded, @body) ON CONFLICT (record_id) DO NOTHING",
            [("@id", record.Id), ("@customer", record.CustomerId.Value), ("@at", Ticks(record.At)), ("@recorded", Ticks(record.RecordedAt)), ("@body", CrmJson.Serialize(record))],
            1,
            ($"consent record {record.Id}", 0));

        // Outside a unit a taken id is the answer; in a unit the commit finds it and fails.
        if (await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is not null)
        {
            var existing = await FindAsync(record.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmConcurrencyException($"consent record {record.Id}", 0, null);
            return (existing, false);
        }

        return (record, true);
    }

    public async Task<ConsentRecord?> FindAsync(string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command("SELECT body FROM crm_consent_records WHERE record_id = @id", [("@id", recordId)]), Body, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ConsentRecord>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<CustomerRecords>(Table, customerId.Value, cancellationToken, out var known))
        {
            return known?.Records ?? [];
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadAsync(session.Command("SELECT body FROM crm_consent_records WHERE customer_id = @id", [("@id", customerId.Value)]), Body, cancellationToken).ConfigureAwait(false);
        return Ordered(rows);
    }

    /// <summary>Reads ahead the customers' records.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch) =>
        ReadAheadByCustomer(
            batch,
            Table,
            isCustomer => $"SELECT body FROM crm_consent_records WHERE {isCustomer}",
            Body,
            found => found.GroupBy(r => r.CustomerId.Value, StringComparer.Ordinal).Select(g => new CustomerRecords(g.Key, Ordered(g))),
            r => r.CustomerId);

    // Ids are ordered in memory, ordinally, whatever the database's collation; a customer's history is short.
    private static List<ConsentRecord> Ordered(IEnumerable<ConsentRecord> records) =>
        [.. records.OrderBy(r => r.At).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];

    private static ConsentRecord Body(System.Data.Common.DbDataReader reader) => CrmJson.Deserialize<ConsentRecord>(reader.GetString(0));

    /// <summary>A customer's records as read ahead.</summary>
    private sealed record CustomerRecords(string CustomerId, IReadOnlyList<ConsentRecord> Records);
}
