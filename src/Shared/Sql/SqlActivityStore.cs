using System.Data.Common;
using System.Globalization;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary>
/// <see cref="IActivityStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters (the SQL is portable:
/// <c>INSERT ... ON CONFLICT ... RETURNING</c> works in both). Money is stored in whole minor units, instants as Unix ticks.
/// </summary>
/// <remarks>
/// An append is one transaction: bump the customer's metrics row (which checks the expected version and yields the
/// entry's sequence), insert the entry keyed by (kind, id), then its lines, category and month sums. A duplicate key
/// rolls everything back and returns the stored entry. Sequences are dense (1, 2, 3, ...) per customer.
/// </remarks>
internal sealed class SqlActivityStore(SqlDatabase database) : IActivityStore
{
    private const string EntryColumns =
        "e.kind, e.entry_id, e.customer_id, e.sequence, e.purchase_id, e.occurred_at, e.purchased_at, e.purchase_month, e.store_id, e.channel, e.amount_minor, e.recorded_at, " +
        "l.line_id, l.sku, l.category, l.quantity, l.amount_minor";

    private const string EntriesJoin = "crm_activity_entries e LEFT JOIN crm_activity_lines l ON l.kind = e.kind AND l.entry_id = e.entry_id";

    // One SET clause serves the upsert (new or any version) and the conditional update (expected version).
    private const string MetricsSet =
        "version = crm_customer_metrics.version + 1, " +
        "first_purchase_at = CASE WHEN @first IS NULL THEN crm_customer_metrics.first_purchase_at WHEN crm_customer_metrics.first_purchase_at IS NULL OR @first < crm_customer_metrics.first_purchase_at THEN @first ELSE crm_customer_metrics.first_purchase_at END, " +
        "last_purchase_at = CASE WHEN @first IS NULL THEN crm_customer_metrics.last_purchase_at WHEN crm_customer_metrics.last_purchase_at IS NULL OR @first > crm_customer_metrics.last_purchase_at THEN @first ELSE crm_customer_metrics.last_purchase_at END, " +
        "purchase_count = crm_customer_metrics.purchase_count + @purchases, " +
        "refund_count = crm_customer_metrics.refund_count + @refunds, " +
        "net_spend_minor = crm_customer_metrics.net_spend_minor + @amount";

    private const string MetricsColumns = "customer_id, version, first_purchase_at, last_purchase_at, purchase_count, refund_count, net_spend_minor";

    private const string MetricsInsert =
        "INSERT INTO crm_customer_metrics (" + MetricsColumns + ") VALUES (@customer, 1, @first, @first, @purchases, @refunds, @amount)";

    // Lines and category sums are written as multi-row inserts of up to this many rows: one statement for a usual purchase
    // instead of one per line, and a bounded number of distinct statement texts for the sessions to keep prepared.
    private const int RowsPerStatement = 8;

    private static readonly string[][] LineParameters = RowParameters("no", "line", "sku", "category", "quantity", "amount");
    private static readonly string[][] CategoryParameters = RowParameters("category", "amount");

    private static readonly string[] LineInserts = Statements(count =>
        "INSERT INTO crm_activity_lines (kind, entry_id, line_no, line_id, sku, category, quantity, amount_minor) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(row => $"(@kind, @id, {string.Join(", ", LineParameters[row])})")));

    private static readonly string[] CategoryUpserts = Statements(count =>
        "INSERT INTO crm_customer_categories (customer_id, category, net_spend_minor) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(row => $"(@customer, {string.Join(", ", CategoryParameters[row])})")) +
        " ON CONFLICT (customer_id, category) DO UPDATE SET net_spend_minor = crm_customer_categories.net_spend_minor + excluded.net_spend_minor");

    private readonly Currency _currency = database.Currency;

    public async Task<AppendActivityResult> AppendAsync(ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // No look-up before the write: a replay is found by the entry's key conflict below and rolled back, so a new
        // entry (the common case) costs one transaction of writes plus the category and month reads.
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var bumped = await BumpMetricsAsync(connection, transaction, entry, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (bumped is not { } row)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);

            // Idempotency comes before the version check: the entry may have been appended by the writer that moved the version.
            if (await FindAsync(connection, null, entry.Kind, entry.Id, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                return await ExistingAsync(connection, raced, cancellationToken).ConfigureAwait(false);
            }

            var actual = (await ReadMetricsAsync(connection, null, entry.CustomerId, entry.CustomerId, int.MaxValue, inclusive: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.Version ?? 0;
            throw new CrmConcurrencyException($"activity of customer {entry.CustomerId}", expectedVersion!.Value, actual);
        }

        var stored = entry with { Sequence = row.Version };
        if (!await InsertEntryAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var existing = await FindAsync(connection, null, entry.Kind, entry.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Entry {entry.Kind} {entry.Id} conflicted on insert but cannot be read.");
            return await ExistingAsync(connection, existing, cancellationToken).ConfigureAwait(false);
        }

        var metrics = await CompleteMetricsAsync(connection, transaction, [row], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AppendActivityResult(true, stored, metrics[0]);
    }

    public async Task<CustomerMetrics?> GetMetricsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadMetricsAsync(connection, null, customerId, customerId, 1, inclusive: true, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<ActivityEntry?> FindEntryAsync(ActivityKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, kind, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActivityEntry>> GetRefundsOfPurchaseAsync(string purchaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchaseId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.purchase_id = @purchase AND e.kind = @kind ORDER BY e.sequence, l.line_no",
            ("@purchase", purchaseId),
            ("@kind", (long)ActivityKind.Refund));
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActivityEntry>> GetEntriesAsync(CustomerId customerId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Sequences are dense per customer, so a page is a sequence range.
        await using var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.customer_id = @customer AND e.sequence > @after AND e.sequence <= @last ORDER BY e.sequence, l.line_no",
            ("@customer", customerId.Value),
            ("@after", afterSequence),
            ("@last", afterSequence + limit));
        return await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CustomerMetrics>> ListMetricsAsync(CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadMetricsAsync(connection, null, after, null, limit, inclusive: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the entry to the customer's metrics row; returns the row after it, or <see langword="null"/> when the expected version does not match.</summary>
    private static async Task<MetricsRow?> BumpMetricsAsync(SqlSession connection, DbTransaction transaction, ActivityEntry entry, long? expectedVersion, CancellationToken cancellationToken)
    {
        var isPurchase = entry.Kind == ActivityKind.Purchase;
        var amount = entry.Amount.ToMinorUnits();
        (string, object?)[] parameters =
        [
            ("@customer", entry.CustomerId.Value),
            ("@first", isPurchase ? entry.PurchasedAt.ToUnixTimeTicks() : null),
            ("@purchases", isPurchase ? 1L : 0L),
            ("@refunds", isPurchase ? 0L : 1L),
            ("@amount", isPurchase ? amount : -amount),
            ("@expected", expectedVersion ?? 0L),
        ];
        var sql = expectedVersion switch
        {
            null => $"{MetricsInsert} ON CONFLICT (customer_id) DO UPDATE SET {MetricsSet} RETURNING {MetricsColumns}",
            0 => $"{MetricsInsert} ON CONFLICT (customer_id) DO NOTHING RETURNING {MetricsColumns}",
            _ => $"UPDATE crm_customer_metrics SET {MetricsSet} WHERE customer_id = @customer AND version = @expected RETURNING {MetricsColumns}",
        };
        await using var command = SqlDatabase.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? MetricsRow.Read(reader) : null;
    }

    private async Task<bool> InsertEntryAsync(SqlSession connection, DbTransaction transaction, ActivityEntry entry, CancellationToken cancellationToken)
    {
        var kind = (long)entry.Kind;
        await using (var insert = SqlDatabase.Command(
            connection,
            transaction,
            "INSERT INTO crm_activity_entries (kind, entry_id, customer_id, sequence, purchase_id, occurred_at, purchased_at, purchase_month, store_id, channel, amount_minor, recorded_at) " +
            "VALUES (@kind, @id, @customer, @sequence, @purchase, @occurred, @purchased, @month, @store, @channel, @amount, @recorded) " +
            "ON CONFLICT (kind, entry_id) DO NOTHING RETURNING sequence",
            ("@kind", kind),
            ("@id", entry.Id),
            ("@customer", entry.CustomerId.Value),
            ("@sequence", entry.Sequence),
            ("@purchase", entry.PurchaseId),
            ("@occurred", entry.OccurredAt.ToUnixTimeTicks()),
            ("@purchased", entry.PurchasedAt.ToUnixTimeTicks()),
            ("@month", MonthKey(entry.PurchaseMonth)),
            ("@store", entry.StoreId),
            ("@channel", (long)entry.Channel),
            ("@amount", entry.Amount.ToMinorUnits()),
            ("@recorded", entry.RecordedAt.ToUnixTimeTicks())))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull)
            {
                return false;
            }
        }

        var sign = entry.Kind == ActivityKind.Purchase ? 1L : -1L;
        await InsertLinesAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
        await AddCategorySpendAsync(connection, transaction, entry, sign, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO crm_customer_months (customer_id, month, purchase_count, net_spend_minor) VALUES (@customer, @month, @purchases, @amount) " +
            "ON CONFLICT (customer_id, month) DO UPDATE SET purchase_count = crm_customer_months.purchase_count + @purchases, net_spend_minor = crm_customer_months.net_spend_minor + @amount",
            cancellationToken,
            ("@customer", entry.CustomerId.Value),
            ("@month", MonthKey(entry.PurchaseMonth)),
            ("@purchases", entry.Kind == ActivityKind.Purchase ? 1L : 0L),
            ("@amount", sign * entry.Amount.ToMinorUnits())).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inserts the entry's lines, up to <see cref="RowsPerStatement"/> per statement.</summary>
    private static async Task InsertLinesAsync(SqlSession connection, DbTransaction transaction, ActivityEntry entry, CancellationToken cancellationToken)
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
                parameters[at + 5] = (LineParameters[row][5], line.Amount.ToMinorUnits());
            }

            await ExecuteAsync(connection, transaction, LineInserts[count - 1], cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the entry's line amounts (negated for a refund) to the customer's category sums: one row per category, up to <see cref="RowsPerStatement"/> per statement.</summary>
    /// <remarks>The categories are summed first: PostgreSQL refuses an upsert that touches the same row twice.</remarks>
    private static async Task AddCategorySpendAsync(SqlSession connection, DbTransaction transaction, ActivityEntry entry, long sign, CancellationToken cancellationToken)
    {
        var sums = new List<(string Category, long Amount)>(entry.Lines.Count);
        foreach (var line in entry.Lines)
        {
            var at = sums.FindIndex(s => string.Equals(s.Category, line.Category, StringComparison.Ordinal));
            if (at < 0)
            {
                sums.Add((line.Category, sign * line.Amount.ToMinorUnits()));
            }
            else
            {
                sums[at] = (line.Category, sums[at].Amount + (sign * line.Amount.ToMinorUnits()));
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

            await ExecuteAsync(connection, transaction, CategoryUpserts[count - 1], cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    private async Task<ActivityEntry?> FindAsync(SqlSession connection, DbTransaction? transaction, ActivityKind kind, string id, CancellationToken cancellationToken)
    {
        await using var command = SqlDatabase.Command(
            connection,
            transaction,
            $"SELECT {EntryColumns} FROM {EntriesJoin} WHERE e.kind = @kind AND e.entry_id = @id ORDER BY l.line_no",
            ("@kind", (long)kind),
            ("@id", id));
        return (await ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private async Task<AppendActivityResult> ExistingAsync(SqlSession connection, ActivityEntry existing, CancellationToken cancellationToken)
    {
        var metrics = (await ReadMetricsAsync(connection, null, existing.CustomerId, existing.CustomerId, 1, inclusive: true, cancellationToken).ConfigureAwait(false))[0];
        return new AppendActivityResult(false, existing, metrics);
    }

    private async Task<IReadOnlyList<ActivityEntry>> ReadEntriesAsync(SqlStatement command, CancellationToken cancellationToken)
    {
        var entries = new List<ActivityEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                    OccurredAt = Instant.FromUnixTimeTicks(reader.GetInt64(5)),
                    PurchasedAt = Instant.FromUnixTimeTicks(reader.GetInt64(6)),
                    PurchaseMonth = FromMonthKey(reader.GetInt64(7)),
                    StoreId = reader.GetString(8),
                    Channel = (SalesChannel)reader.GetInt64(9),
                    Amount = Money.FromMinorUnits(reader.GetInt64(10), _currency),
                    RecordedAt = Instant.FromUnixTimeTicks(reader.GetInt64(11)),
                    Lines = [],
                };
            }

            if (!reader.IsDBNull(12))
            {
                lines!.Add(new ActivityLine(
                    reader.GetString(12),
                    reader.GetString(13),
                    reader.GetString(14),
                    decimal.Parse(reader.GetString(15), NumberStyles.Number, CultureInfo.InvariantCulture),
                    Money.FromMinorUnits(reader.GetInt64(16), _currency)));
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
    private async Task<IReadOnlyList<CustomerMetrics>> ReadMetricsAsync(SqlSession connection, DbTransaction? transaction, CustomerId? from, CustomerId? to, int limit, bool inclusive, CancellationToken cancellationToken)
    {
        var rows = new List<MetricsRow>();
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
        await using (var command = SqlDatabase.Command(
            connection,
            transaction,
            $"SELECT {MetricsColumns} FROM crm_customer_metrics {where} ORDER BY customer_id LIMIT @limit",
            [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(MetricsRow.Read(reader));
            }
        }

        return rows.Count == 0 ? [] : await CompleteMetricsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the category and month sums to metrics rows in customer order: one range query over the rows' customers.</summary>
    private async Task<IReadOnlyList<CustomerMetrics>> CompleteMetricsAsync(SqlSession connection, DbTransaction? transaction, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken)
    {
        // Category rows (month NULL) and month rows (category NULL) in one statement, in customer then category or month order
        // (where the two kinds meet depends on how the database sorts NULL, which does not matter here).
        var categories = new Dictionary<CustomerId, List<CategorySpend>>();
        var months = new Dictionary<CustomerId, List<MonthlyActivity>>();
        await using (var command = SqlDatabase.Command(
            connection,
            transaction,
            "SELECT customer_id, category, NULL AS month, 0 AS purchase_count, net_spend_minor FROM crm_customer_categories WHERE customer_id >= @first AND customer_id <= @last " +
            "UNION ALL SELECT customer_id, NULL, month, purchase_count, net_spend_minor FROM crm_customer_months WHERE customer_id >= @first AND customer_id <= @last " +
            "ORDER BY 1, 2, 3",
            ("@first", rows[0].Id.Value),
            ("@last", rows[^1].Id.Value)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = new CustomerId(reader.GetString(0));
                var spend = Money.FromMinorUnits(reader.GetInt64(4), _currency);
                if (!reader.IsDBNull(1))
                {
                    Add(categories, id, new CategorySpend(reader.GetString(1), spend));
                }
                else
                {
                    Add(months, id, new MonthlyActivity(FromMonthKey(reader.GetInt64(2)), (int)reader.GetInt64(3), spend));
                }
            }
        }

        return [.. rows.Select(r => new CustomerMetrics(
            r.Id,
            r.Version,
            r.First is { } first ? Instant.FromUnixTimeTicks(first) : null,
            r.Last is { } last ? Instant.FromUnixTimeTicks(last) : null,
            (int)r.Purchases,
            (int)r.Refunds,
            Money.FromMinorUnits(r.Spend, _currency),
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

    private static async Task ExecuteAsync(SqlSession connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = SqlDatabase.Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
