using System.Data.Common;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Crm.Storage.Sql;

/// <summary><see cref="ICustomerStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
internal sealed class SqlCustomerStore(SqlDatabase database) : ICustomerStore
{
    private const string Columns = "customer_id, version, joined_at, home_store_id, time_zone, birthday, name, phone, email, consents, tags, erased_at";

    public async Task<CustomerProfile?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, customerId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(CustomerProfile Profile, bool Created)> CreateAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = SqlDatabase.Command(
            connection,
            null,
            $"INSERT INTO crm_customers ({Columns}) VALUES (@id, 1, @joined, @store, @zone, @birthday, @name, @phone, @email, @consents, @tags, @erased) ON CONFLICT (customer_id) DO NOTHING RETURNING version",
            Parameters(profile)))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull))
            {
                return (profile with { Version = 1 }, true);
            }
        }

        var existing = await FindAsync(connection, profile.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Customer {profile.Id} conflicted on insert but cannot be read.");
        return (existing, false);
    }

    public async Task<CustomerProfile> UpdateAsync(CustomerProfile profile, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = SqlDatabase.Command(
            connection,
            null,
            "UPDATE crm_customers SET version = version + 1, joined_at = @joined, home_store_id = @store, time_zone = @zone, birthday = @birthday, " +
            "name = @name, phone = @phone, email = @email, consents = @consents, tags = @tags, erased_at = @erased " +
            "WHERE customer_id = @id AND version = @expected RETURNING version",
            [.. Parameters(profile), ("@expected", expectedVersion)]);
        var version = await update.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (version is null or DBNull)
        {
            var current = await FindAsync(connection, profile.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException($"customer {profile.Id}", expectedVersion, current?.Version);
        }

        return profile with { Version = Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static (string, object?)[] Parameters(CustomerProfile profile) =>
    [
        ("@id", profile.Id.Value),
        ("@joined", profile.JoinedAt.ToUnixTimeTicks()),
        ("@store", Text(profile.HomeStoreId)),
        ("@zone", Text(profile.TimeZone?.Id)),
        ("@birthday", Text(profile.Birthday is { } b ? LocalDatePattern.Iso.Format(b) : null)),
        ("@name", Text(profile.Name)),
        ("@phone", Text(profile.Phone)),
        ("@email", Text(profile.Email)),
        ("@consents", (long)profile.Consents),
        ("@tags", JsonSerializer.Serialize(profile.Tags)),
        ("@erased", profile.ErasedAt?.ToUnixTimeTicks()),
    ];

    private static object Text(string? value) => value is null ? NullText.Value : value;

    private static async Task<CustomerProfile?> FindAsync(SqlSession connection, CustomerId customerId, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_customers WHERE customer_id = @id", ("@id", customerId.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CustomerProfile
        {
            Id = new CustomerId(reader.GetString(0)),
            Version = reader.GetInt64(1),
            JoinedAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
            HomeStoreId = reader.IsDBNull(3) ? null : reader.GetString(3),
            TimeZone = reader.IsDBNull(4) ? null : DateTimeZoneProviders.Tzdb[reader.GetString(4)],
            Birthday = reader.IsDBNull(5) ? null : LocalDatePattern.Iso.Parse(reader.GetString(5)).Value,
            Name = reader.IsDBNull(6) ? null : reader.GetString(6),
            Phone = reader.IsDBNull(7) ? null : reader.GetString(7),
            Email = reader.IsDBNull(8) ? null : reader.GetString(8),
            Consents = (ContactChannels)reader.GetInt64(9),
            Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(10)) ?? [],
            ErasedAt = reader.IsDBNull(11) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(11)),
        };
    }
}
