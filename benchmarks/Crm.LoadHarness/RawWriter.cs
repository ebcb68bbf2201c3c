using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.LoadHarness;

/// <summary>
/// The raw baseline: plain ADO.NET that writes, for one purchase, the rows the library writes (journal entry and lines,
/// metrics, category and month sums; with the packages also the points key, account, entry and lot and the member row)
/// and reads what the packages read (the tier window, the coupons reserved under the purchase, the churn assessment),
/// in one transaction: on PostgreSQL one prepared batch in one round trip, on SQLite prepared statements in
/// <c>BEGIN IMMEDIATE</c>. It decides nothing and reads nothing back: the floor a hand-written writer reaches.
/// </summary>
internal sealed class RawWriter(Target target, Packages packages)
{
    private const string MetricsUpsert =
        "INSERT INTO crm_customer_metrics (customer_id, version, first_purchase_at, last_purchase_at, purchase_count, refund_count, net_spend_minor) VALUES (@c, 1, @t, @t, 1, 0, @amount) " +
        "ON CONFLICT (customer_id) DO UPDATE SET version = crm_customer_metrics.version + 1, " +
        "first_purchase_at = CASE WHEN crm_customer_metrics.first_purchase_at < @t THEN crm_customer_metrics.first_purchase_at ELSE @t END, " +
        "last_purchase_at = CASE WHEN crm_customer_metrics.last_purchase_at > @t THEN crm_customer_metrics.last_purchase_at ELSE @t END, " +
        "purchase_count = crm_customer_metrics.purchase_count + 1, net_spend_minor = crm_customer_metrics.net_spend_minor + @amount";

    private const string EntryInsert =
        "INSERT INTO crm_activity_entries (kind, entry_id, customer_id, sequence, purchase_id, occurred_at, purchased_at, purchase_month, store_id, channel, amount_minor, recorded_at) " +
        "VALUES (1, @id, @c, @seq, @id, @t, @t, @month, @store, 0, @amount, @t)";

    private const string LinesInsert =
        "INSERT INTO crm_activity_lines (kind, entry_id, line_no, line_id, sku, category, quantity, amount_minor) VALUES " +
        "(1, @id, 0, '1', @sku0, @cat0, @q0, @a0), (1, @id, 1, '2', @sku1, @cat1, @q1, @a1), (1, @id, 2, '3', @sku2, @cat2, @q2, @a2)";

    private const string MonthUpsert =
        "INSERT INTO crm_customer_months (customer_id, month, purchase_count, net_spend_minor) VALUES (@c, @month, 1, @amount) " +
        "ON CONFLICT (customer_id, month) DO UPDATE SET purchase_count = crm_customer_months.purchase_count + 1, net_spend_minor = crm_customer_months.net_spend_minor + @amount";

    private const string PointsKey = "INSERT INTO crm_points_writes (customer_id, write_key) VALUES (@c, @key)";

    private const string PointsAccount =
        "INSERT INTO crm_points_accounts (customer_id, version, entry_count, balance, lot_points, debt, counters) VALUES (@c, 1, 1, @points, @points, 0, '{}') " +
        "ON CONFLICT (customer_id) DO UPDATE SET version = crm_points_accounts.version + 1, entry_count = crm_points_accounts.entry_count + 1, " +
        "balance = crm_points_accounts.balance + @points, lot_points = crm_points_accounts.lot_points + @points";

    private const string PointsEntry =
        "INSERT INTO crm_points_entries (customer_id, sequence, write_key, kind, points, occurred_at, earned_at, reason, operator_id) VALUES (@c, @pseq, @key, 1, @points, @t, @t, @reason, NULL)";

    private const string PointsLot =
        "INSERT INTO crm_points_lots (customer_id, lot_id, earned_at, available_at, expires_at, points, remaining, reversed, awarded, refunded_minor, expired) " +
        "VALUES (@c, @key, @t, @t, NULL, @points, @points, 0, @points, 0, 0)";

    private const string MemberInsert =
        "INSERT INTO crm_members (customer_id, version, tier, reached_at, review_at, grace_until, override_tier, override_reason, override_operator, override_expires_at) " +
        "VALUES (@c, 1, 'green', @t, NULL, NULL, NULL, NULL, NULL, NULL) ON CONFLICT (customer_id) DO NOTHING";

    private const string TierWindow = "SELECT COALESCE(SUM(net_spend_minor), 0) FROM crm_customer_months WHERE customer_id = @c AND month BETWEEN @from AND @month";

    private const string CouponConfirm = "UPDATE crm_coupons SET status = 3, redemption_key = @id, reservation_key = NULL WHERE customer_id = @c AND reservation_key = @id";

    private const string ChurnRead = "SELECT level, assessed_at FROM crm_churn_assessments WHERE customer_id = @c";

    private readonly ConcurrentDictionary<string, StrongBox<long>> _sequences = new(StringComparer.Ordinal);

    /// <summary>Writes purchases <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 with <paramref name="tasks"/> tasks, each on a connection of its own.</summary>
    public async Task WriteAsync(Workload workload, int first, int count, int tasks)
    {
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            await using var connection = await target.OpenRawAsync().ConfigureAwait(false);
            var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            for (int n; (n = Interlocked.Increment(ref next)) < first + count;)
            {
                await WriteOneAsync(connection, commands, workload.Purchase(n)).ConfigureAwait(false);
            }
        })));
    }

    private async Task WriteOneAsync(DbConnection connection, Dictionary<string, DbCommand> commands, Purchase purchase)
    {
        var customer = purchase.CustomerId.Value;
        var sequence = Interlocked.Increment(ref _sequences.GetOrAdd(customer, _ => new StrongBox<long>()).Value);
        var ticks = purchase.OccurredAt.ToUnixTimeTicks();
        var local = purchase.OccurredAt.InZone(NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var month = (local.Year * 100L) + local.Month;
        var amount = purchase.PaidTotal.ToMinorUnits();
        var statements = new List<(string Sql, (string, object)[] Values)>
        {
            (MetricsUpsert, [("@c", customer), ("@t", ticks), ("@amount", amount)]),
            (EntryInsert, [("@id", purchase.Id), ("@c", customer), ("@seq", sequence), ("@t", ticks), ("@month", month), ("@store", purchase.StoreId), ("@amount", amount)]),
            (LinesInsert, [("@id", purchase.Id), .. purchase.Lines.SelectMany((l, i) => new (string, object)[]
            {
                ($"@sku{i}", l.Sku), ($"@cat{i}", l.Category), ($"@q{i}", l.Quantity.ToString(CultureInfo.InvariantCulture)), ($"@a{i}", decimal.ToInt64(l.UnitPrice.Amount * l.Quantity * 100m)),
            })]),
        };
        foreach (var category in purchase.Lines.GroupBy(l => l.Category))
        {
            statements.Add((
                "INSERT INTO crm_customer_categories (customer_id, category, net_spend_minor) VALUES (@c, @cat, @amount) ON CONFLICT (customer_id, category) DO UPDATE SET net_spend_minor = crm_customer_categories.net_spend_minor + @amount",
                [("@c", customer), ("@cat", category.Key), ("@amount", category.Sum(l => decimal.ToInt64(l.UnitPrice.Amount * l.Quantity * 100m)))]));
        }

        statements.Add((MonthUpsert, [("@c", customer), ("@month", month), ("@amount", amount)]));
        if (packages != Packages.None)
        {
            var key = "purchase:" + purchase.Id;
            var points = (long)decimal.Floor(purchase.PaidTotal.Amount);
            statements.Add((PointsKey, [("@c", customer), ("@key", key)]));
            statements.Add((PointsAccount, [("@c", customer), ("@points", points)]));
            statements.Add((PointsEntry, [("@c", customer), ("@pseq", sequence), ("@key", key), ("@points", points), ("@t", ticks), ("@reason", $"base 1 pt/CNY: +{points} pts")]));
            statements.Add((PointsLot, [("@c", customer), ("@key", key), ("@t", ticks), ("@points", points)]));
            statements.Add((MemberInsert, [("@c", customer), ("@t", ticks)]));
            statements.Add((TierWindow, [("@c", customer), ("@from", month - 100), ("@month", month)]));
        }

        if (packages == Packages.All)
        {
            statements.Add((CouponConfirm, [("@id", purchase.Id), ("@c", customer)]));
            statements.Add((ChurnRead, [("@c", customer)]));
        }

        if (connection is NpgsqlConnection postgres)
        {
            // One batch outside a transaction is one implicit transaction: all or nothing, one round trip.
            await using var batch = new NpgsqlBatch(postgres);
            foreach (var (sql, values) in statements)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var (name, value) in values)
                {
                    command.Parameters.AddWithValue(name[1..], value);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            return;
        }

        await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        foreach (var (sql, values) in statements)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                commands[sql] = command;
            }

            command.Transaction = transaction;
            command.Parameters.Clear();
            foreach (var (name, value) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}

/// <summary>Which packages a run installs (and the raw writer mirrors).</summary>
internal enum Packages
{
    /// <summary>Crm.Core alone: the journal and the metrics.</summary>
    None,

    /// <summary>Points and membership (the history import's case).</summary>
    PointsAndMembership,

    /// <summary>Points, membership, coupons and churn.</summary>
    All,
}
