using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crm.Storage.Relational;

/// <summary>
/// Combines a unit's inserts into the same table into multi-row inserts, so that a unit of many facts (an import's round
/// of hundreds of purchases) sends a statement per table instead of a statement per row.
/// </summary>
/// <remarks>
/// <para>Only statements of one plain shape are combined: <c>INSERT INTO t (columns) VALUES (row), (row) ...</c>, optionally
/// followed by <c>ON CONFLICT (key columns) DO NOTHING</c> or <c>DO UPDATE SET ...</c> naming no parameter, each row
/// holding parameters and literals only. Anything else (updates, expressions in a row) runs as it is.</para>
/// <para>Why the unit means the same: a combined statement runs at the place of its first insert, so later inserts run
/// earlier than written. An insert joins an earlier statement only if no statement since then wrote its table (nor may
/// have read any table: a statement with a query in it, or one not recognised, is a barrier), so nothing it moves past
/// could see the difference. Within the statement, <c>DO NOTHING</c> and plain inserts do what the separate ones would
/// (the second insert of a key inserts nothing, or violates the key) and the expected row counts add up; an upsert
/// (<c>DO UPDATE</c>) of a row already in the statement starts a new one, since one statement may not upsert a row twice.
/// <c>SqlWriteMergerTests</c> checks this against the writes run one by one, for any sequence of inserts, upserts and
/// updates over a few keys.</para>
/// <para>A failed count or key is reported as the first insert's of its statement, which is what the unit's commit needs:
/// nothing is applied, and the conflict names what it was about.</para>
/// </remarks>
internal static partial class SqlWriteMerger
{
    // Well under PostgreSQL's 65,535 parameters per statement and SQLite's 32,766.
    private const int MaxParameters = 16_000;

    // What each statement text is, parsed once: the stores' texts are a bounded set (constants and their row-count variants).
    private static readonly ConcurrentDictionary<string, Shape?> Shapes = new(StringComparer.Ordinal);

    /// <summary>Returns the statements to run, in order: combined inserts, and every other write as it was.</summary>
    /// <param name="writes">The unit's writes, in order.</param>
    /// <returns>The statements, each with the first of the writes it stands for (the one a failed check is reported as).</returns>
    public static List<(SqlWrite Statement, SqlWrite First)> Merge(IReadOnlyList<SqlWrite> writes)
    {
        var slots = new List<object>(writes.Count);
        var open = new Dictionary<(string Head, string Tail, bool Counted), (Group Group, int Slot)>();
        var lastSlotOfTable = new Dictionary<string, int>(StringComparer.Ordinal);
        var barrier = -1; // the last statement that may read or write any table: nothing moves before it
        foreach (var write in writes)
        {
            var shape = Shapes.GetOrAdd(write.Sql, Shape.Parse);
            if (shape is null)
            {
                slots.Add(write);
                if (TargetTable(write.Sql) is { } table)
                {
                    lastSlotOfTable[table] = slots.Count - 1;
                }
                else
                {
                    barrier = slots.Count - 1;
                }

                continue;
            }

            // An insert joins the statement of its shape only if nothing after that statement's place touched its table.
            var keys = shape.KeysOf(write);
            var kind = (shape.Head, shape.Tail, write.ExpectedRows is not null);
            if (open.TryGetValue(kind, out var current) && current.Slot > barrier && lastSlotOfTable[shape.Table] == current.Slot && current.Group.TryAdd(write, keys))
            {
                continue;
            }

            slots.Add(new Group(shape, write, keys));
            open[kind] = ((Group)slots[^1], slots.Count - 1);
            lastSlotOfTable[shape.Table] = slots.Count - 1;
        }

        return [.. slots.Select(slot => slot is Group group ? group.ToStatement() : ((SqlWrite)slot, (SqlWrite)slot))];
    }

    /// <summary>The one table a statement writes and reads, or <see langword="null"/> when it may read others (or is not recognised).</summary>
    private static string? TargetTable(string sql)
    {
        var match = TargetPattern().Match(sql);
        return match.Success && !sql.Contains("SELECT", StringComparison.OrdinalIgnoreCase) && !sql.Contains(" FROM (", StringComparison.Ordinal) ? match.Groups["table"].Value : null;
    }

    [GeneratedRegex(@"^(?:INSERT INTO|UPDATE|DELETE FROM) (?<table>\w+) ", RegexOptions.CultureInvariant)]
    private static partial Regex TargetPattern();

    [GeneratedRegex(@"^(?<head>INSERT INTO (?<table>\w+) \((?<columns>[\w, ]+)\) VALUES )(?<rows>\([^()]*\)(?:, \([^()]*\))*)(?<tail>(?: ON CONFLICT \((?<key>[\w, ]+)\) DO (?:NOTHING|(?<update>UPDATE) SET [^@]*))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex InsertPattern();

    [GeneratedRegex(@"@\w+", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    /// <summary>An insert's text taken apart: the head and tail it shares with others of its kind, its rows, and for an upsert the items that make each row's key.</summary>
    private sealed class Shape
    {
        private Shape(string table, string head, string tail, string rows, string[][]? keyItems)
        {
            Table = table;
            Head = head;
            Tail = tail;
            Rows = rows;
            KeyItems = keyItems;
        }

        public string Table { get; }

        public string Head { get; }

        public string Tail { get; }

        public string Rows { get; }

        /// <summary>For an upsert, each row's key items (parameters or literals); <see langword="null"/> for other inserts.</summary>
        public string[][]? KeyItems { get; }

        public static Shape? Parse(string sql)
        {
            var match = InsertPattern().Match(sql);
            if (!match.Success)
            {
                return null;
            }

            var columns = Split(match.Groups["columns"].Value);
            var rows = match.Groups["rows"].Value;
            var items = rows[1..^1].Split("), (", StringSplitOptions.None).Select(Split).ToList();
            if (items.Any(row => row.Length != columns.Length))
            {
                return null; // a literal with a comma in it: not a plain row
            }

            string[][]? keyItems = null;
            if (match.Groups["update"].Success)
            {
                var positions = Split(match.Groups["key"].Value).Select(c => Array.IndexOf(columns, c)).ToArray();
                if (positions.Any(p => p < 0))
                {
                    return null;
                }

                keyItems = [.. items.Select(row => positions.Select(p => row[p]).ToArray())];
            }

            return new Shape(match.Groups["table"].Value, match.Groups["head"].Value, match.Groups["tail"].Value, rows, keyItems);
        }

        /// <summary>The keys of an upsert's rows, with this write's values; empty for other inserts.</summary>
        public string[] KeysOf(SqlWrite write)
        {
            if (KeyItems is null)
            {
                return [];
            }

            var values = write.Parameters.Values.ToArray();
            string Value(string item)
            {
                if (!item.StartsWith('@'))
                {
                    return item;
                }

                foreach (var (name, value) in values)
                {
                    if (name == item)
                    {
                        return value is null ? "\u0000" : Convert.ToString(value, CultureInfo.InvariantCulture) + "\u001e";
                    }
                }

                return "\u0000" + item;
            }

            return [.. KeyItems.Select(key => string.Join('\u001f', key.Select(Value)))];
        }

        private static string[] Split(string list) => list.Split(", ", StringSplitOptions.None);
    }

    /// <summary>Inserts of one shape combined into one statement.</summary>
    private sealed class Group
    {
        private readonly Shape _shape;
        private readonly List<SqlWrite> _members = [];
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private int _parameters;

        public Group(Shape shape, SqlWrite write, string[] keys)
        {
            _shape = shape;
            Add(write, keys);
        }

        public bool TryAdd(SqlWrite write, string[] keys)
        {
            if (_parameters + write.Parameters.Values.Length > MaxParameters || keys.Any(_keys.Contains))
            {
                return false;
            }

            Add(write, keys);
            return true;
        }

        public (SqlWrite Statement, SqlWrite First) ToStatement()
        {
            var first = _members[0];
            if (_members.Count == 1)
            {
                return (first, first);
            }

            // Each member's parameters get a suffix of their own: the third member's @customer is @customer_m2.
            var sql = new StringBuilder(_shape.Head);
            var parameters = new List<(string Name, object? Value)>(_parameters);
            for (var m = 0; m < _members.Count; m++)
            {
                var suffix = "_m" + m.ToString(CultureInfo.InvariantCulture);
                var rows = Shapes.GetOrAdd(_members[m].Sql, Shape.Parse)!.Rows;
                sql.Append(m == 0 ? string.Empty : ", ").Append(ParameterPattern().Replace(rows, p => p.Value + suffix));
                foreach (var (name, value) in _members[m].Parameters)
                {
                    parameters.Add((name + suffix, value));
                }
            }

            sql.Append(_shape.Tail);
            var expected = first.ExpectedRows is null ? (int?)null : _members.Sum(m => m.ExpectedRows!.Value);
            return (first with { Sql = sql.ToString(), Parameters = [.. parameters], ExpectedRows = expected }, first);
        }

        private void Add(SqlWrite write, string[] keys)
        {
            _members.Add(write);
            _keys.UnionWith(keys);
            _parameters += write.Parameters.Values.Length;
        }
    }
}
