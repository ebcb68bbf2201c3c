using System.Data.Common;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="ICustomerStore"/> over the relational base: one row per profile, with a version.</summary>
internal sealed class SqlCustomerStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), ICustomerStore, IPrefetcher
{
    private const string Columns = "customer_id, version, joined_at, home_store_id, time_zone, birthday, name, phone, email, tags, erased_at";
    private const string Table = "customer";

    public async Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<CustomerProfile>(Table, customerId.Value, cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session.Command($"SELECT {Columns} FROM crm_customers WHERE customer_id = @id", [("@id", customerId.Value)]), Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var write = new SqlWrite(
            // The consents column of migration 1 is written as 0 and never read: consent lives in crm_consent_records (migration 80).
            $"INSERT INTO crm_customers ({Columns}, consents) VALUES (@id, 1, @joined, @store, @zone, @birthday, @name, @phone, @email, @tags, @erased, 0) ON CONFLICT (customer_id) DO NOTHING",
            Parameters(profile),
            1,
            ($"customer {profile.Id}", 0));

        // Outside a unit a profile that exists is the answer; in a unit the commit finds it and fails.
        if (await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is not null)
        {
            var existing = await FindAsync(profile.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmConcurrencyException($"customer {profile.Id}", 0, null);
            return (existing, false);
        }

        return (profile with { Version = 1 }, true);
    }

    public async Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await WriteAsync(
            [new(
                "UPDATE crm_customers SET version = version + 1, joined_at = @joined, home_store_id = @store, time_zone = @zone, birthday = @birthday, " +
                "name = @name, phone = @phone, email = @email, tags = @tags, erased_at = @erased WHERE customer_id = @id AND version = @expected",
                [.. Parameters(profile).Values, ("@expected", expectedVersion)],
                1,
                ($"customer {profile.Id}", expectedVersion))],
            cancellationToken).ConfigureAwait(false);
        return profile with { Version = expectedVersion + 1 };
    }

    /// <summary>Reads ahead the customers' profiles.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch) =>
        ReadAheadByCustomer(batch, Table, isCustomer => $"SELECT {Columns} FROM crm_customers WHERE {isCustomer}", Read, p => p.Id.Value);

    private static SqlParameters Parameters(CustomerProfile profile) => new(
    [
        ("@id", profile.Id.Value),
        ("@joined", profile.JoinedAt.ToUnixTimeTicks()),
        ("@store", Text(profile.HomeStoreId)),
        ("@zone", Text(profile.TimeZone?.Id)),
        ("@birthday", Text(profile.Birthday is { } b ? LocalDatePattern.Iso.Format(b) : null)),
        ("@name", Text(profile.Name)),
        ("@phone", Text(profile.Phone)),
        ("@email", Text(profile.Email)),
        ("@tags", JsonSerializer.Serialize(profile.Tags)),
        ("@erased", profile.ErasedAt?.ToUnixTimeTicks()),
    ]);

    private static CustomerProfile Read(DbDataReader reader) => new()
    {
        Id = new CustomerId(reader.GetString(0)),
        Version = reader.GetInt64(1),
        JoinedAt = Instant(reader.GetInt64(2)),
        HomeStoreId = Text(reader, 3),
        TimeZone = reader.IsDBNull(4) ? null : DateTimeZoneProviders.Tzdb[reader.GetString(4)],
        Birthday = reader.IsDBNull(5) ? null : LocalDatePattern.Iso.Parse(reader.GetString(5)).Value,
        Name = Text(reader, 6),
        Phone = Text(reader, 7),
        Email = Text(reader, 8),
        Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(9)) ?? [],
        ErasedAt = Instant(reader, 10),
    };
}
