using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary><see cref="IActivityStore"/> over the relational base: the journal's entries and lines, and each customer's metrics with their category and month sums.</summary>
/// <remarks>
/// An append is one versioned write of the customer's metrics row (its version is the entry's sequence), the entry keyed by
/// (kind, id), its lines, and the category and month sums, added to with upserts. A moved version or a used key changes a
/// row count the write expects, so the whole unit fails.
/// </remarks>
internal sealed class SqlActivityStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), IActivityStore, IPrefetcher
{
    private const string EntryColumns =
        "e.kind, e.entry_id, e.customer_id, e.sequence, e.purchase_id, e.occurred_at, e.purchased_at, e.purchase_month, e.store_id, e.channel, e.amount_minor, e.recorded_at, " +
        "l.line_id, l.sku, l.category, l.quantity, l.amount_minor, e.content_hash";

    private const string EntriesJoin = "crm_activity_entries e LEFT JOIN crm_activity_lines l ON l.kind = e.kind AND l.entry_id = e.entry_id";

    private const string MetricsColumns = "customer_id, version, first_purchase_at, last_purchase_at, purchase_count, refund_count, net_spend_minor";

    private const string MetricsInsert =
        "INSERT INTO crm_customer_metrics (" + MetricsColumns + ") VALUES (@customer, 1, @first, @first, @purchases, @refunds, @amount) ON CONFLICT (customer_id) DO NOTHING";

    private const string MetricsUpdate =
        "UPDATE crm_customer_metrics SET version = version + 1, " +
        "first_purchase_at = CASE WHEN @first IS NULL THEN first_purchase_at WHEN first_purchase_at IS NULL OR @first < first_purchase_at THEN @first ELSE first_purchase_at END, " +
        "last_purchase_at = CASE WHEN @first IS NULL THEN last_purchase_at WHEN last_purchase_at IS NULL OR @first > last_purchase_at THEN @first ELSE last_purchase_at END, " +
        "purchase_count = purchase_count + @purchases, refund_count = refund_count + @refunds, net_spend_minor = net_spend_minor + @amount " +
        "WHERE customer_id = @customer AND version = @expected";

    private const string EntryInsert =
        "INSERT INTO crm_activity_entries (kind, entry_id, customer_id, sequence, purchase_id, occurred_at, purchased_at, purchase_month, store_id, channel, amount_minor, recorded_at, content_hash) " +
        "VALUES (@kind, @id, @customer, @sequence, @purchase, @occurred, @purchased, @month, @store, @channel, @amount, @recorded, @hash) ON CONFLICT (kind, entry_id) DO NOTHING";

    private const string MonthUpsert =
        "INSERT INTO crm_customer_months (customer_id, month, purchase_count, net_spend_minor) VALUES (@customer, @month, @purchases, @amount) " +
        "ON CONFLICT (customer_id, month) DO UPDATE SET purchase_count = crm_customer_months.purchase_count + excluded.purchase_count, net_spend_minor = crm_customer_months.net_spend_minor + excluded.net_spend_minor";

    // Lines and category sums are written as multi-row inserts of up to this many rows: one statement for a usual purchase
    // instead of one per line, and a bounded number of distinct statement texts for the sessions to keep prepared.
    private const int RowsPerStatement = 8;

    private const string MetricsTable = "metrics";
    private const string EntryTable = "entry";

    private static readonly string[][] LineParameters = RowParameters("no", "line", "sku", "category", "quantity", "amount");
    private static readonly string[][] CategoryParameters = RowParameters("category", "amount");

    private static readonly string[] LineInserts = Statements(count =>
        "INSERT INTO crm_activity_lines (kind, entry_id, line_no, line_id, sku, category, quantity, amount_minor) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(row => $"(@kind, @id, {string.Join(", ", LineParameters[row])})")));

    private static readonly string[] CategoryUpserts = Statements(count =>
        "INSERT INTO crm_customer_categories (customer_id, category, net_spend_minor) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(row => $"(@customer, {string.Join(", ", CategoryParameters[row])})")) +
        " ON CONFLICT (customer_id, category) DO UPDATE SET net_spend_minor = crm_customer_categories.net_spend_minor + excluded.net_spend_minor");

    public Task AppendAsync(ActivityEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence != expectedVersion + 1)
        {
            throw new ArgumentException($"The entry's sequence is {entry.Sequence}; appending at version {expectedVersion} needs {expectedVersion + 1}.", nameof(entry));
        }

        // Amounts are stored in minor units of the programme's currency: an entry in another one would be read back wrong.
        if (entry.Amount.Currency != Currency || entry.Lines.Any(l => l.Amount.Currency != Currency))
        {
            throw new InvalidOperationException($"Entry {entry.Kind} {entry.Id} is not in the programme's currency {Currency.Code}; the store keeps amounts in its minor units.");
        }

        var conflict = ($"activity of customer {entry.CustomerId}", expectedVersion);
        var isPurchase = entry.Kind == ActivityKind.Purchase;
        var sign = isPurchase ? 1L : -1L;
        var amount = sign * MinorUnits(entry.Amount);
        var writes = new List<SqlWrite>(5)
        {
            new(
                expectedVersion == 0 ? MetricsInsert : MetricsUpdate,
                [
                    ("@customer", entry.CustomerId.Value),
                    ("@first", isPurchase ? Ticks(entry.PurchasedAt) : null),
                    ("@purchases", isPurchase ? 1L : 0L),
                    ("@refunds", isPurchase ? 0L : 1L),
                    ("@amount", amount),
                    ("@expected", expectedVersion),
                ],
                1,
                conflict),
            new(
                EntryInsert,
                [
                    ("@kind", (long)entry.Kind),
                    ("@id", entry.Id),
                    ("@customer", entry.CustomerId.Value),
                    ("@sequence", entry.Sequence),
                    ("@purchase", entry.PurchaseId),
                    ("@occurred", Ticks(entry.OccurredAt)),
                    ("@purchased", Ticks(entry.PurchasedAt)),
                    ("@month", MonthKey(entry.PurchaseMonth)),
                    ("@store", entry.StoreId),
                    ("@channel", (long)entry.Channel),
                    ("@amount", MinorUnits(entry.Amount)),
                    ("@recorded", Ticks(entry.RecordedAt)),
                    ("@hash", Text(entry.ContentHash)),
                ],
                1,
                conflict),
        };
        AddLines(writes, entry);
        AddCategories(writes, entry, sign);
        writes.Add(new(MonthUpsert, [("@customer", entry.CustomerId.Value), ("@month", MonthKey(entry.PurchaseMonth)), ("@purchases", isPurchase ? 1L : 0L), ("@amount", amount)]));
        return WriteAsync(writes, cancellationToken);
    }

    public async Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        if (TryReadAhead<CustomerMetrics>(MetricsTable, customerId.Value, cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadMetricsAsync(session, customerId, customerId, 1, inclusive: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryReadAhead<ActivityEntry>(EntryTable, EntryKey(kind, id), cancellationToken, out var known))
        {
            return known;
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command($"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.kind = @kind AND e.entry_id = @id ORDER BY l.line_no", [("@kind", (long)kind), ("@id", id)]);
        return (await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.purchase_id = @purchase AND e.kind = @kind ORDER BY e.sequence, l.line_no",
            [("@purchase", purchaseId), ("@kind", (long)ActivityKind.Refund)]);
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);

        // Sequences are dense per customer, so a page is a sequence range.
        var command = session.Command(
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.customer_id = @customer AND e.sequence > @after AND e.sequence <= @last ORDER BY e.sequence, l.line_no",
            [("@customer", customerId.Value), ("@after", afterSequence), ("@last", afterSequence + limit)]);
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActivityTotals> GetTotalsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            "SELECT COALESCE(SUM(CASE WHEN kind = @purchase THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN kind = @purchase THEN amount_minor ELSE -amount_minor END), 0) " +
            "FROM crm_activity_entries WHERE customer_id = @customer AND purchased_at >= @from AND purchased_at <= @to AND occurred_at <= @to",
            [("@purchase", (long)ActivityKind.Purchase), ("@customer", customerId.Value), ("@from", TicksFrom(from)), ("@to", Ticks(to))]);
        return await QueryAsync(
            command,
            async (reader, token) =>
            {
                await reader.ReadAsync(token).ConfigureAwait(false);
                return new ActivityTotals(checked((int)reader.GetInt64(0)), Money.FromMinorUnits(reader.GetInt64(1), Currency));
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Instant>> GetPurchaseInstantsAsync(CustomerId customerId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = session.Command(
            "SELECT purchased_at FROM crm_activity_entries WHERE customer_id = @customer AND kind = @purchase AND purchased_at >= @from AND purchased_at <= @to ORDER BY purchased_at",
            [("@customer", customerId.Value), ("@purchase", (long)ActivityKind.Purchase), ("@from", TicksFrom(from)), ("@to", Ticks(to))]);
        return await ReadAsync(command, r => Instant(r.GetInt64(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActivityEntry>> ListEntriesAsync(Instant from, Instant to, JournalPosition? after, int limit, string? storeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        List<(string, object?)> parameters = [("@to", Ticks(to)), ("@limit", (long)limit)];
        string start;
        if (after is { } a && a.PurchasedAt >= from)
        {
            // Keyset on the purchase-time index, as the only lower bound: next to "purchased_at >= @from" SQLite seeks to the
            // start of the period and scans every earlier page again.
            start = "(purchased_at, purchase_id, kind, entry_id) > (@at, @purchase, @kind, @id)";
            parameters.AddRange([("@at", Ticks(a.PurchasedAt)), ("@purchase", a.PurchaseId), ("@kind", (long)a.Kind), ("@id", a.Id)]);
        }
        else
        {
            // No position, or one before the period: every entry of the period comes after it.
            start = "purchased_at >= @from";
            parameters.Add(("@from", TicksFrom(from)));
        }

        if (storeId is not null)
        {
            // Filtered before the lines are joined and before the limit, so a page holds the store's entries only.
            start += " AND store_id = @store";
            parameters.Add(("@store", storeId));
        }

        var command = session.Command(
            $"SELECT {EntryColumns} FROM (SELECT * FROM crm_activity_entries WHERE {start} AND purchased_at <= @to " +
            "ORDER BY purchased_at, purchase_id, kind, entry_id LIMIT @limit) e LEFT JOIN crm_activity_lines l ON l.kind = e.kind AND l.entry_id = e.entry_id " +
            "ORDER BY e.purchased_at, e.purchase_id, e.kind, e.entry_id, l.line_no",
            parameters.ToArray());
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMetricsAsync(session, after, null, limit, inclusive: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads ahead the facts' entries and the customers' metrics.</summary>
    public void AddTo(PrefetchBatch batch, StorePrefetch prefetch)
    {
        var customers = batch.CustomerIds;
        // One query per kind: a look-up by a list of keys plans and runs cheaper than an OR of two.
        AddEntries(batch, ActivityKind.Purchase, prefetch.PurchaseIds);
        AddEntries(batch, ActivityKind.Refund, prefetch.RefundIds);
        if (customers.Count == 0)
        {
            return;
        }

        // The metrics rows, then their category and month sums: two result sets of one batch, joined here.
        var rows = new List<MetricsRow>();
        var (isCustomer, customerValue) = batch.OneOf("customer_id", "@customers", customers);
        batch.Add(
            $"SELECT {MetricsColumns} FROM crm_customer_metrics WHERE {isCustomer}",
            [("@customers", customerValue)],
            async (reader, _, cancellationToken) => rows.AddRange(await ReadRowsAsync(reader, MetricsRow.Read, cancellationToken).ConfigureAwait(false)));
        batch.Add(
            "SELECT customer_id, category, NULL AS month, 0 AS purchase_count, net_spend_minor FROM crm_customer_categories WHERE " + isCustomer +
            " UNION ALL SELECT customer_id, NULL, month, purchase_count, net_spend_minor FROM crm_customer_months WHERE " + isCustomer,
            [("@customers", customerValue)],
            async (reader, unit, cancellationToken) =>
            {
                var metrics = await CompleteAsync(rows, reader, cancellationToken).ConfigureAwait(false);
                unit.ReadAhead(MetricsTable, customers, metrics, m => m.CustomerId.Value);
            });
    }

    private void AddEntries(PrefetchBatch batch, ActivityKind kind, IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var (isId, idValue) = batch.OneOf("e.entry_id", "@ids", ids);
        batch.Add(
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.kind = @kind AND {isId} ORDER BY e.entry_id, l.line_no",
            [("@kind", (long)kind), ("@ids", idValue)],
            async (reader, unit, cancellationToken) =>
            {
                var found = await ReadEntriesAsync(reader, cancellationToken).ConfigureAwait(false);
                unit.ReadAhead(EntryTable, ids.Select(id => EntryKey(kind, id)), found, e => EntryKey(kind, e.Id));
            });
    }

    private static string EntryKey(ActivityKind kind, string id) => ((int)kind).ToString(CultureInfo.InvariantCulture) + ":" + id;

    /// <summary>Adds the entry's lines, up to <see cref="RowsPerStatement"/> per statement.</summary>
    private static void AddLines(List<SqlWrite> writes, ActivityEntry entry)
    {
        for (var start = 0; start < entry.Lines.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, entry.Lines.Count - start);
            var parameters = new (string, object?)[2 + (6 * count)];
            parameters[0] = ("@kind", (long)entry.Kind);
            parameters[1] = ("@id", entry.Id);
            for (var row = 0; row < count; row++)
            {
                var i = start + row;
                var line = entry.Lines[i];
                var at = 2 + (6 * row);
                parameters[at] = (LineParameters[row][0], (long)i);
                parameters[at + 1] = (LineParameters[row][1], line.LineId);
                parameters[at + 2] = (LineParameters[row][2], line.Sku);
                parameters[at + 3] = (LineParameters[row][3], line.Category);
                parameters[at + 4] = (LineParameters[row][4], line.Quantity.ToString(CultureInfo.InvariantCulture));
                parameters[at + 5] = (LineParameters[row][5], MinorUnits(line.Amount));
            }

            writes.Add(new(LineInserts[count - 1], parameters));
        }
    }

    /// <summary>Adds the entry's line amounts (negated for a refund) to the customer's category sums, one row per category.</summary>
    /// <remarks>The categories are summed first: PostgreSQL refuses an upsert that touches the same row twice.</remarks>
    private static void AddCategories(List<SqlWrite> writes, ActivityEntry entry, long sign)
    {
        var sums = new List<(string Category, long Amount)>(entry.Lines.Count);
        foreach (var line in entry.Lines)
        {
            var at = sums.FindIndex(s => string.Equals(s.Category, line.Category, StringComparison.Ordinal));
            var amount = sign * MinorUnits(line.Amount);
            if (at < 0)
            {
                sums.Add((line.Category, amount));
            }
            else
            {
                sums[at] = (line.Category, AddMinorUnits(sums[at].Amount, amount, $"The sum of category {line.Category} in entry {entry.Kind} {entry.Id}"));
            }
        }

        for (var start = 0; start < sums.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, sums.Count - start);
            var parameters = new (string, object?)[1 + (2 * count)];
            parameters[0] = ("@customer", entry.CustomerId.Value);
            for (var row = 0; row < count; row++)
            {
                parameters[1 + (2 * row)] = (CategoryParameters[row][0], sums[start + row].Category);
                parameters[2 + (2 * row)] = (CategoryParameters[row][1], sums[start + row].Amount);
            }

            writes.Add(new(CategoryUpserts[count - 1], parameters));
        }
    }

    private Task<List<ActivityEntry>> ReadEntriesAsync(DbCommand command, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        QueryAsync(command, (reader, token) => ReadEntriesAsync(reader, token), cancellationToken, operation);

    /// <summary>Reads entries from rows of the entry-and-lines join, ordered so that each entry's rows are together.</summary>
    private async Task<List<ActivityEntry>> ReadEntriesAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<ActivityEntry>();
        ActivityEntry? current = null;
        List<ActivityLine>? lines = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = (ActivityKind)reader.GetInt64(0);
            var id = reader.GetString(1);
            if (current is null || current.Kind != kind || current.Id != id)
            {
                Flush();
                lines = [];
                current = new ActivityEntry
                {
                    Kind = kind,
                    Id = id,
                    CustomerId = new CustomerId(reader.GetString(2)),
                    Sequence = reader.GetInt64(3),
                    PurchaseId = reader.GetString(4),
                    OccurredAt = Instant(reader.GetInt64(5)),
                    PurchasedAt = Instant(reader.GetInt64(6)),
                    PurchaseMonth = FromMonthKey(reader.GetInt64(7)),
                    StoreId = reader.GetString(8),
                    Channel = (SalesChannel)reader.GetInt64(9),
                    Amount = Money.FromMinorUnits(reader.GetInt64(10), Currency),
                    RecordedAt = Instant(reader.GetInt64(11)),
                    ContentHash = reader.IsDBNull(17) ? null : reader.GetString(17),
                    Lines = [],
                };
            }

            if (!reader.IsDBNull(12))
            {
                lines!.Add(new ActivityLine { LineId = reader.GetString(12), Sku = reader.GetString(13), Category = reader.GetString(14), Quantity = decimal.Parse(reader.GetString(15), NumberStyles.Number, CultureInfo.InvariantCulture), Amount = Money.FromMinorUnits(reader.GetInt64(16), Currency) });
            }
        }

        Flush();
        return entries;

        void Flush()
        {
            if (current is not null)
            {
                entries.Add(current with { Lines = lines! });
            }
        }
    }

    /// <summary>Reads the metrics of the customers from <paramref name="from"/> (inclusive or not) up to <paramref name="limit"/> customers or up to <paramref name="to"/>.</summary>
    private async Task<IReadOnlyList<CustomerMetrics>> ReadMetricsAsync(SessionLease session, CustomerId? from, CustomerId? to, int limit, bool inclusive, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)> { ("@limit", (long)limit) };
        if (from is { } f)
        {
            conditions.Add(inclusive ? "customer_id >= @from" : "customer_id > @from");
            parameters.Add(("@from", f.Value));
        }

        if (to is { } t)
        {
            conditions.Add("customer_id <= @to");
            parameters.Add(("@to", t.Value));
        }

        var where = conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
        var rows = await ReadAsync(session.Command($"SELECT {MetricsColumns} FROM crm_customer_metrics {where} ORDER BY customer_id LIMIT @limit", [.. parameters]), MetricsRow.Read, cancellationToken, operation).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        // Category rows (month NULL) and month rows (category NULL) of the rows' customers, in one statement.
        var sums = session.Command(
            "SELECT customer_id, category, NULL AS month, 0 AS purchase_count, net_spend_minor FROM crm_customer_categories WHERE customer_id >= @first AND customer_id <= @last " +
            "UNION ALL SELECT customer_id, NULL, month, purchase_count, net_spend_minor FROM crm_customer_months WHERE customer_id >= @first AND customer_id <= @last",
            [("@first", rows[0].Id.Value), ("@last", rows[^1].Id.Value)]);
        return await QueryAsync(sums, (reader, token) => CompleteAsync(rows, reader, token), cancellationToken, operation).ConfigureAwait(false);
    }

    /// <summary>Builds metrics from their rows and the category and month sums a reader holds (any order, other customers ignored).</summary>
    private async Task<IReadOnlyList<CustomerMetrics>> CompleteAsync(IReadOnlyList<MetricsRow> rows, DbDataReader reader, CancellationToken cancellationToken)
    {
        var categories = new Dictionary<CustomerId, List<CategorySpend>>();
        var months = new Dictionary<CustomerId, List<MonthlyActivity>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = new CustomerId(reader.GetString(0));
            var spend = Money.FromMinorUnits(reader.GetInt64(4), Currency);
            if (!reader.IsDBNull(1))
            {
                Add(categories, id, new CategorySpend(reader.GetString(1), spend));
            }
            else
            {
                Add(months, id, new MonthlyActivity(FromMonthKey(reader.GetInt64(2)), checked((int)reader.GetInt64(3)), spend));
            }
        }

        return [.. rows.Select(r => new CustomerMetrics(
            r.Id,
            r.Version,
            r.First is { } first ? Instant(first) : null,
            r.Last is { } last ? Instant(last) : null,
            checked((int)r.Purchases),
            checked((int)r.Refunds),
            Money.FromMinorUnits(r.Spend, Currency),
            categories.GetValueOrDefault(r.Id) ?? [],
            months.GetValueOrDefault(r.Id) ?? []))];

        static void Add<T>(Dictionary<CustomerId, List<T>> map, CustomerId id, T item)
        {
            if (!map.TryGetValue(id, out var list))
            {
                map[id] = list = [];
            }

            list.Add(item);
        }
    }

    /// <summary>The parameter names of each row of a multi-row statement: <c>@name0</c>, <c>@name1</c>, ...</summary>
    private static string[][] RowParameters(params string[] names) =>
        [.. Enumerable.Range(0, RowsPerStatement).Select(row => names.Select(name => string.Create(CultureInfo.InvariantCulture, $"@{name}{row}")).ToArray())];

    /// <summary>The statement text for 1 to <see cref="RowsPerStatement"/> rows.</summary>
    private static string[] Statements(Func<int, string> build) => [.. Enumerable.Range(1, RowsPerStatement).Select(build)];

    private static long MonthKey(YearMonth month) => (month.Year * 100L) + month.Month;

    private static YearMonth FromMonthKey(long key) => new((int)(key / 100), (int)(key % 100));

    /// <summary>One row of <c>crm_customer_metrics</c>, read in the order of <see cref="MetricsColumns"/>.</summary>
    private readonly record struct MetricsRow(CustomerId Id, long Version, long? First, long? Last, long Purchases, long Refunds, long Spend)
    {
        public static MetricsRow Read(DbDataReader reader) => new(
            new CustomerId(reader.GetString(0)),
            reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.GetInt64(4),
            reader.GetInt64(5),
            reader.GetInt64(6));
    }
}
