using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Segmentation;
using NodaTime;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="ISegmentStore"/> over the relational base (versioned records, memberships by segment, runs), and
/// <see cref="ISegmentInputStore"/>: RFM inputs summed in the database, a page at a time.
/// </summary>
internal sealed class SqlSegmentStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), ISegmentStore, ISegmentInputStore
{
    private const string Columns = "customer_id, version, run_id, as_of, recency_days, frequency, monetary_minor, r, f, m, previous";

    public async Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([customerId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = customerIds.Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var list = new SqlList(Dialect.ListValue(ids));
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadAsync(
            session.Command($"SELECT {Columns} FROM crm_segment_customers WHERE {Dialect.InList("customer_id", "@ids")} ORDER BY customer_id", [("@ids", list)]),
            r => new CustomerSegments
            {
                CustomerId = new CustomerId(r.GetString(0)),
                Version = r.GetInt64(1),
                RunId = r.GetString(2),
                AsOf = Instant(r.GetInt64(3)),
                Rfm = r.IsDBNull(4)
                    ? null
                    : new RfmScore { RecencyDays = (int)r.GetInt64(4), Frequency = (int)r.GetInt64(5), Monetary = Money.FromMinorUnits(r.GetInt64(6), Currency), R = (int)r.GetInt64(7), F = (int)r.GetInt64(8), M = (int)r.GetInt64(9) },
                PreviousSegments = JsonSerializer.Deserialize<string[]>(r.GetString(10)) ?? [],
                Assignments = [],
            },
            cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        var assignments = (await ReadAsync(
                session.Command($"SELECT customer_id, segment, kind, explanation FROM crm_segment_members WHERE {Dialect.InList("customer_id", "@ids")} ORDER BY customer_id, slot", [("@ids", list)]),
                r => (Customer: new CustomerId(r.GetString(0)), Assignment: new SegmentAssignment(r.GetString(1), (SegmentKind)r.GetInt64(2), r.GetString(3))),
                cancellationToken).ConfigureAwait(false))
            .GroupBy(a => a.Customer)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Assignment).ToList());
        return [.. rows.Select(r => r with { Assignments = assignments.GetValueOrDefault(r.CustomerId) ?? [] }).OrderBy(r => r.CustomerId)];
    }

    public Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var writes = new List<SqlWrite>(records.Count * 3);
        foreach (var record in records)
        {
            var rfm = record.Rfm;
            writes.Add(new(
                record.Version == 0
                    ? $"INSERT INTO crm_segment_customers ({Columns}) VALUES (@id, 1, @run, @asof, @days, @frequency, @monetary, @r, @f, @m, @previous) ON CONFLICT (customer_id) DO NOTHING"
                    : "UPDATE crm_segment_customers SET version = version + 1, run_id = @run, as_of = @asof, recency_days = @days, frequency = @frequency, monetary_minor = @monetary, " +
                      "r = @r, f = @f, m = @m, previous = @previous WHERE customer_id = @id AND version = @expected",
                [
                    ("@id", record.CustomerId.Value),
                    ("@expected", record.Version),
                    ("@run", record.RunId),
                    ("@asof", Ticks(record.AsOf)),
                    ("@days", (long?)rfm?.RecencyDays),
                    ("@frequency", (long?)rfm?.Frequency),
                    ("@monetary", rfm is { } score ? MinorUnits(score.Monetary) : null),
                    ("@r", (long?)rfm?.R),
                    ("@f", (long?)rfm?.F),
                    ("@m", (long?)rfm?.M),
                    ("@previous", JsonSerializer.Serialize(record.PreviousSegments)),
                ],
                1,
                ($"segments of customer {record.CustomerId}", record.Version)));
            if (record.Version > 0)
            {
                writes.Add(new("DELETE FROM crm_segment_members WHERE customer_id = @id", [("@id", record.CustomerId.Value)]));
            }

            if (record.Assignments.Count > 0)
            {
                var sql = new StringBuilder("INSERT INTO crm_segment_members (segment, customer_id, slot, kind, explanation) VALUES ");
                var values = new List<(string, object?)> { ("@id", record.CustomerId.Value) };
                for (var i = 0; i < record.Assignments.Count; i++)
                {
                    var a = record.Assignments[i];
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    sql.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"(@s{n}, @id, @p{n}, @k{n}, @e{n})");
                    values.Add(("@s" + n, a.Segment));
                    values.Add(("@p" + n, (long)i));
                    values.Add(("@k" + n, (long)a.Kind));
                    values.Add(("@e" + n, a.Explanation));
                }

                writes.Add(new(sql.ToString(), [.. values]));
            }
        }

        return WriteAsync(writes, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = after is { } a
            ? session.Command("SELECT customer_id FROM crm_segment_members WHERE segment = @segment AND customer_id > @after ORDER BY customer_id LIMIT @limit", [("@segment", segment), ("@after", a.Value), ("@limit", (long)limit)])
            : session.Command("SELECT customer_id FROM crm_segment_members WHERE segment = @segment ORDER BY customer_id LIMIT @limit", [("@segment", segment), ("@limit", (long)limit)]);
        return await ReadAsync(command, r => new CustomerId(r.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var counts = await ReadAsync(session.Command("SELECT segment, COUNT(*) FROM crm_segment_members GROUP BY segment", []), r => new SegmentCount(r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        counts.Sort((x, y) => string.CompareOrdinal(x.Segment, y.Segment));
        return counts;
    }

    public async Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(
            session.Command("SELECT run_id, as_of, started_at, cursor_id, customers, completed_at FROM crm_segment_runs WHERE run_id = @id", [("@id", runId)]),
            r => new SegmentationRun
            {
                RunId = r.GetString(0),
                AsOf = Instant(r.GetInt64(1)),
                StartedAt = Instant(r.GetInt64(2)),
                Cursor = r.IsDBNull(3) ? null : new CustomerId(r.GetString(3)),
                Customers = r.GetInt64(4),
                CompletedAt = Instant(r, 5),
            },
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(
            [new(
                "INSERT INTO crm_segment_runs (run_id, as_of, started_at, cursor_id, customers, completed_at) VALUES (@id, @asof, @started, @cursor, @customers, @completed) " +
                "ON CONFLICT (run_id) DO UPDATE SET as_of = excluded.as_of, started_at = excluded.started_at, cursor_id = excluded.cursor_id, customers = excluded.customers, completed_at = excluded.completed_at",
                [
                    ("@id", run.RunId),
                    ("@asof", Ticks(run.AsOf)),
                    ("@started", Ticks(run.StartedAt)),
                    ("@cursor", Text(run.Cursor?.Value)),
                    ("@customers", run.Customers),
                    ("@completed", run.CompletedAt is { } completed ? Ticks(completed) : null),
                ])],
            cancellationToken);
    }

    public async Task<IReadOnlyList<RfmInput>> ListRfmInputsAsync(CustomerId? after, int limit, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);

        // One aggregate query per page: the page of customers in a subquery, their window months summed in a left join.
        var where = after is null ? string.Empty : "WHERE customer_id > @after";
        var sql =
            "SELECT p.customer_id, p.first_purchase_at, p.last_purchase_at, " +
            "CAST(COALESCE(SUM(CASE WHEN mo.month BETWEEN @first AND @last THEN mo.purchase_count ELSE 0 END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN mo.month BETWEEN @first AND @last THEN mo.net_spend_minor ELSE 0 END), 0) AS BIGINT) " +
            $"FROM (SELECT customer_id, first_purchase_at, last_purchase_at FROM crm_customer_metrics {where} ORDER BY customer_id LIMIT @limit) p " +
            "LEFT JOIN crm_customer_months mo ON mo.customer_id = p.customer_id " +
            "GROUP BY p.customer_id, p.first_purchase_at, p.last_purchase_at ORDER BY p.customer_id";
        var parameters = new List<(string, object?)> { ("@first", MonthKey(firstMonth)), ("@last", MonthKey(lastMonth)), ("@limit", (long)limit) };
        if (after is { } a)
        {
            parameters.Add(("@after", a.Value));
        }

        return await ReadAsync(
            session.Command(sql, [.. parameters]),
            r => new RfmInput(new CustomerId(r.GetString(0)), Instant(r, 1), Instant(r, 2), (int)r.GetInt64(3), Money.FromMinorUnits(r.GetInt64(4), Currency)),
            cancellationToken).ConfigureAwait(false);
    }

    private static long MonthKey(YearMonth month) => (month.Year * 100L) + month.Month;
}
