using System.Data.Common;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="ICustomerIdentifierStore"/> over the relational base: one row per link, whose primary key (kind, scope,
/// lookup key) is what keeps an identifier to one customer across processes.
/// </summary>
internal sealed class SqlCustomerIdentifierStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), ICustomerIdentifierStore
{
    private const string Columns = "customer_id, kind, scope, lookup_key, value, linked_at";
    private const string ByKey = "kind = @kind AND scope = @scope AND lookup_key = @key";

    public async Task<(CustomerIdentifierLink Link, bool Created)> LinkAsync(CustomerIdentifierLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var write = new SqlWrite(
            $"INSERT INTO crm_customer_identifiers ({Columns}) VALUES (@customer, @kind, @scope, @key, @value, @linked) ON CONFLICT (kind, scope, lookup_key) DO NOTHING",
            [("@customer", link.CustomerId.Value), ("@kind", (long)link.Kind), ("@scope", link.Scope), ("@key", link.LookupKey), ("@value", link.Value), ("@linked", Ticks(link.LinkedAt))],
            1,
            ($"identifier {link.Kind}", 0));

        // Outside a unit the link that holds the key is the answer; in a unit the commit finds it and fails.
        if (await TryWriteAsync([write], cancellationToken).ConfigureAwait(false) is not null)
        {
            var existing = await FindAsync(link.Kind, link.Scope, link.LookupKey, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmConcurrencyException($"identifier {link.Kind}", 0, null);
            return (existing, false);
        }

        return (link, true);
    }

    public async Task<CustomerIdentifierLink?> FindAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(
            session.Command($"SELECT {Columns} FROM crm_customer_identifiers WHERE {ByKey}", [("@kind", (long)kind), ("@scope", scope), ("@key", lookupKey)]),
            Read,
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<CustomerIdentifierLink>> ListAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command($"SELECT {Columns} FROM crm_customer_identifiers WHERE customer_id = @customer ORDER BY kind, scope, lookup_key", [("@customer", customerId.Value)]),
            Read,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UnlinkAsync(CustomerIdentifierKind kind, string scope, string lookupKey, CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var delete = $"DELETE FROM crm_customer_identifiers WHERE {ByKey} AND customer_id = @customer";
        (string Name, object? Value)[] parameters = [("@kind", (long)kind), ("@scope", scope), ("@key", lookupKey), ("@customer", customerId.Value)];
        if (Unit is not null)
        {
            var linked = (await FindAsync(kind, scope, lookupKey, cancellationToken).ConfigureAwait(false))?.CustomerId == customerId;
            Unit.Add([new SqlWrite(delete, parameters)]);
            return linked;
        }

        // Expecting one row answers the question in the same statement: no row of this customer's is "not linked", nothing applied.
        return await TryWriteAsync([new SqlWrite(delete, parameters, 1, Tag: "identifier link")], cancellationToken).ConfigureAwait(false) is null;
    }

    public async Task<int> UnlinkAllAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var found = (await ListAsync(customerId, cancellationToken).ConfigureAwait(false)).Count;
        if (found > 0)
        {
            await WriteAsync([new SqlWrite("DELETE FROM crm_customer_identifiers WHERE customer_id = @customer", [("@customer", customerId.Value)])], cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    private static CustomerIdentifierLink Read(DbDataReader reader) => new()
    {
        CustomerId = new CustomerId(reader.GetString(0)),
        Kind = (CustomerIdentifierKind)reader.GetInt64(1),
        Scope = reader.GetString(2),
        LookupKey = reader.GetString(3),
        Value = reader.GetString(4),
        LinkedAt = Instant(reader.GetInt64(5)),
    };
}
