using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Segmentation;
using NodaTime;

namespace Crm.Storage.Sql;

/// <summary><see cref="ISegmentStore"/> and the RFM push-down <see cref="ISegmentInputStore"/> over ADO.NET, shared by the SQLite and PostgreSQL adapters.</summary>
/// <remarks>
/// A save is one transaction over the page: per customer a versioned upsert of the record row, then its member rows replaced.
/// RFM inputs are one aggregate query per page over <c>crm_customer_metrics</c> joined to <c>crm_customer_months</c>.
/// </remarks>
internal sealed class SqlSegmentStore(SqlDatabase database) : ISegmentStore, ISegmentInputStore
{
    private const string Columns = "customer_id, version, run_id, as_of, recency_days, frequency, monetary_minor, r, f, m, previous";

    public async Task<CustomerSegments?> FindAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        (await FindManyAsync([customerId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<CustomerSegments>> FindManyAsync(IReadOnlyCollection<CustomerId> customerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        var ids = customerIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", ids.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)));
        var parameters = ids.Select((id, i) => ("@p" + i.ToString(CultureInfo.InvariantCulture), (object?)id.Value)).ToArray();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<CustomerSegments>();
        await using (var command = SqlDatabase.Command(connection, null, $"SELECT {Columns} FROM crm_segment_customers WHERE customer_id IN ({names}) ORDER BY customer_id", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new CustomerSegments
                {
                    CustomerId = new CustomerId(reader.GetString(0)),
                    Version = reader.GetInt64(1),
                    RunId = reader.GetString(2),
                    AsOf = Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                    Rfm = reader.IsDBNull(4)
                        ? null
                        : new RfmScore((int)reader.GetInt64(4), (int)reader.GetInt64(5), Money.FromMinorUnits(reader.GetInt64(6), database.Currency), (int)reader.GetInt64(7), (int)reader.GetInt64(8), (int)reader.GetInt64(9)),
                    PreviousSegments = JsonSerializer.Deserialize<string[]>(reader.GetString(10)) ?? [],
                    Assignments = [],
                });
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var assignments = new Dictionary<CustomerId, List<SegmentAssignment>>();
        await using (var command = SqlDatabase.Command(
            connection,
            null,
            $"SELECT customer_id, segment, kind, explanation FROM crm_segment_members WHERE customer_id IN ({names}) ORDER BY customer_id, slot",
            parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = new CustomerId(reader.GetString(0));
                if (!assignments.TryGetValue(id, out var list))
                {
                    assignments[id] = list = [];
                }

                list.Add(new SegmentAssignment(reader.GetString(1), (SegmentKind)reader.GetInt64(2), reader.GetString(3)));
            }
        }

        return [.. rows
            .Select(r => r with { Assignments = assignments.GetValueOrDefault(r.CustomerId) ?? [] })
            .OrderBy(r => r.CustomerId)];
    }

    public async Task SaveAsync(IReadOnlyList<CustomerSegments> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            var rfm = record.Rfm;
            (string, object?)[] parameters =
            [
                ("@id", record.CustomerId.Value),
                ("@expected", record.Version),
                ("@run", record.RunId),
                ("@asof", record.AsOf.ToUnixTimeTicks()),
                ("@days", (long?)rfm?.RecencyDays),
                ("@frequency", (long?)rfm?.Frequency),
                ("@monetary", rfm?.Monetary.ToMinorUnits()),
                ("@r", (long?)rfm?.R),
                ("@f", (long?)rfm?.F),
                ("@m", (long?)rfm?.M),
                ("@previous", JsonSerializer.Serialize(record.PreviousSegments)),
            ];
            var sql = record.Version == 0
                ? $"INSERT INTO crm_segment_customers ({Columns}) VALUES (@id, 1, @run, @asof, @days, @frequency, @monetary, @r, @f, @m, @previous) ON CONFLICT (customer_id) DO NOTHING RETURNING version"
                : "UPDATE crm_segment_customers SET version = version + 1, run_id = @run, as_of = @asof, recency_days = @days, frequency = @frequency, monetary_minor = @monetary, " +
                  "r = @r, f = @f, m = @m, previous = @previous WHERE customer_id = @id AND version = @expected RETURNING version";
            bool saved;
            await using (var command = SqlDatabase.Command(connection, transaction, sql, parameters))
            {
                saved = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
            }

            if (!saved)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new CrmConcurrencyException($"segments of customer {record.CustomerId}", record.Version, null);
            }

            if (record.Version > 0)
            {
                await using var delete = SqlDatabase.Command(connection, transaction, "DELETE FROM crm_segment_members WHERE customer_id = @id", ("@id", record.CustomerId.Value));
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (record.Assignments.Count > 0)
            {
                var sqlText = new StringBuilder("INSERT INTO crm_segment_members (segment, customer_id, slot, kind, explanation) VALUES ");
                var values = new List<(string, object?)> { ("@id", record.CustomerId.Value) };
                for (var i = 0; i < record.Assignments.Count; i++)
                {
                    var a = record.Assignments[i];
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    sqlText.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"(@s{n}, @id, @p{n}, @k{n}, @e{n})");
                    values.Add(("@s" + n, a.Segment));
                    values.Add(("@p" + n, (long)i));
                    values.Add(("@k" + n, (long)a.Kind));
                    values.Add(("@e" + n, a.Explanation));
                }

                await using var insert = SqlDatabase.Command(connection, transaction, sqlText.ToString(), [.. values]);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CustomerId>> ListMembersAsync(string segment, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = after is { } a
            ? SqlDatabase.Command(connection, null, "SELECT customer_id FROM crm_segment_members WHERE segment = @segment AND customer_id > @after ORDER BY customer_id LIMIT @limit", ("@segment", segment), ("@after", a.Value), ("@limit", (long)limit))
            : SqlDatabase.Command(connection, null, "SELECT customer_id FROM crm_segment_members WHERE segment = @segment ORDER BY customer_id LIMIT @limit", ("@segment", segment), ("@limit", (long)limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<CustomerId>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(new CustomerId(reader.GetString(0)));
        }

        return ids;
    }

    public async Task<IReadOnlyList<SegmentCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, "SELECT segment, COUNT(*) FROM crm_segment_members GROUP BY segment");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<SegmentCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new SegmentCount(reader.GetString(0), reader.GetInt64(1)));
        }

        counts.Sort((x, y) => string.CompareOrdinal(x.Segment, y.Segment));
        return counts;
    }

    public async Task<SegmentationRun?> FindRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(connection, null, "SELECT run_id, as_of, started_at, cursor_id, customers, completed_at FROM crm_segment_runs WHERE run_id = @id", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SegmentationRun
        {
            RunId = reader.GetString(0),
            AsOf = Instant.FromUnixTimeTicks(reader.GetInt64(1)),
            StartedAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
            Cursor = reader.IsDBNull(3) ? null : new CustomerId(reader.GetString(3)),
            Customers = reader.GetInt64(4),
            CompletedAt = reader.IsDBNull(5) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(5)),
        };
    }

    public async Task SaveRunAsync(SegmentationRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SqlDatabase.Command(
            connection,
            null,
            "INSERT INTO crm_segment_runs (run_id, as_of, started_at, cursor_id, customers, completed_at) VALUES (@id, @asof, @started, @cursor, @customers, @completed) " +
            "ON CONFLICT (run_id) DO UPDATE SET as_of = excluded.as_of, started_at = excluded.started_at, cursor_id = excluded.cursor_id, customers = excluded.customers, completed_at = excluded.completed_at",
            ("@id", run.RunId),
            ("@asof", run.AsOf.ToUnixTimeTicks()),
            ("@started", run.StartedAt.ToUnixTimeTicks()),
            ("@cursor", run.Cursor is { } c ? c.Value : NullText.Value),
            ("@customers", run.Customers),
            ("@completed", run.CompletedAt?.ToUnixTimeTicks()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RfmInput>> ListRfmInputsAsync(CustomerId? after, int limit, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One aggregate query per page: the page of customers in a subquery, their window months summed in a left join.
        var where = after is null ? string.Empty : "WHERE customer_id > @after";
        var sql =
            "SELECT p.customer_id, p.first_purchase_at, p.last_purchase_at, " +
            "CAST(COALESCE(SUM(CASE WHEN mo.month BETWEEN @first AND @last THEN mo.purchase_count ELSE 0 END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN mo.month BETWEEN @first AND @last THEN mo.net_spend_minor ELSE 0 END), 0) AS BIGINT) " +
            $"FROM (SELECT customer_id, first_purchase_at, last_purchase_at FROM crm_customer_metrics {where} ORDER BY customer_id LIMIT @limit) p " +
            "LEFT JOIN crm_customer_months mo ON mo.customer_id = p.customer_id " +
            "GROUP BY p.customer_id, p.first_purchase_at, p.last_purchase_at ORDER BY p.customer_id";
        var parameters = new List<(string, object?)>
        {
            ("@first", MonthKey(firstMonth)),
            ("@last", MonthKey(lastMonth)),
            ("@limit", (long)limit),
        };
        if (after is { } a)
        {
            parameters.Add(("@after", a.Value));
        }

        await using var command = SqlDatabase.Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var inputs = new List<RfmInput>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            inputs.Add(new RfmInput(
                new CustomerId(reader.GetString(0)),
                reader.IsDBNull(1) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(2)),
                (int)reader.GetInt64(3),
                Money.FromMinorUnits(reader.GetInt64(4), database.Currency)));
        }

        return inputs;
    }

    private static long MonthKey(YearMonth month) => (month.Year * 100L) + month.Month;
}
