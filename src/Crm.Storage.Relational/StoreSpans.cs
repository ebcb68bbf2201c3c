using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Crm.Storage.Relational;

/// <summary>
/// Starts the <c>crm.store</c> spans of <see cref="RelationalTelemetry"/>: one per round trip made for a store call, named
/// after the store interface and method, tagged after OpenTelemetry's database conventions.
/// </summary>
/// <remarks>
/// A call nobody samples costs the source's listener check and allocates nothing: the store and method arrive as a type
/// and a compile-time string, and names are resolved and tags set only for a span that exists.
/// </remarks>
internal static class StoreSpans
{
    /// <summary>The operation name of every store span.</summary>
    public const string Name = "crm.store";

    private static readonly string[] Verbs = ["SELECT", "INSERT", "UPDATE", "DELETE"];
    private static readonly string[] Batches = ["BATCH SELECT", "BATCH INSERT", "BATCH UPDATE", "BATCH DELETE"];

    // The names of a (store type, method) pair, resolved once: the types and methods are a fixed set.
    private static readonly ConcurrentDictionary<(Type Store, string Operation), (string Store, string DisplayName)> Names = new();
    private static readonly ConditionalWeakTable<RelationalDialect, string> Systems = [];

    /// <summary>Starts the span of a round trip made for <paramref name="operation"/> of <paramref name="store"/>, or returns <see langword="null"/> when nobody samples it.</summary>
    /// <param name="dialect">The database's dialect, for <c>db.system.name</c>.</param>
    /// <param name="store">The store interface, or a type implementing it (the interface declaring <paramref name="operation"/> is named).</param>
    /// <param name="operation">The store method.</param>
    /// <param name="sql">The one statement sent, for <c>db.operation.name</c>; <see langword="null"/> when the caller sets it with <see cref="SetStatements"/>.</param>
    public static Activity? Start(RelationalDialect dialect, Type store, string operation, string? sql = null)
    {
        var span = RelationalTelemetry.Source.StartActivity(Name, System.Diagnostics.ActivityKind.Client);
        if (span is null || !span.IsAllDataRequested)
        {
            // Nobody samples it, or a listener only propagates the context: nothing to name or tag.
            return span;
        }

        var names = Names.GetOrAdd((store, operation), static key => Resolve(key.Store, key.Operation));
        var system = Systems.GetValue(dialect, static d => d.Name.ToLowerInvariant());
        span.DisplayName = names.DisplayName;
        span.SetTag("db.system.name", system);
        span.SetTag("db.system", system);
        if (sql is not null && Verb(sql) is { } verb)
        {
            span.SetTag("db.operation.name", Verbs[verb]);
        }

        span.SetTag("crm.store", names.Store);
        span.SetTag("crm.store.operation", operation);
        return span;
    }

    /// <summary>Tags a span (one whose data is requested: build the list only then) with the statements it sends: the statement's operation, or <c>BATCH</c> (of one operation when all share it) and the batch's size.</summary>
    public static void SetStatements(Activity span, IReadOnlyList<string> statements)
    {
        int? common = null;
        for (var i = 0; i < statements.Count; i++)
        {
            var verb = Verb(statements[i]) ?? -1;
            common = i == 0 || common == verb ? verb : -1;
        }

        if (statements.Count == 1)
        {
            span.SetTag("db.operation.name", common >= 0 ? Verbs[common.Value] : null);
            return;
        }

        span.SetTag("db.operation.name", common >= 0 ? Batches[common.Value] : "BATCH");
        span.SetTag("db.operation.batch.size", statements.Count);
    }

    /// <summary>Marks a span failed with the error code (a filter: it returns false, so the exception flows on untouched).</summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        if (span is not null)
        {
            var type = exception is CrmException crm ? crm.ErrorCode : exception.GetType().FullName;
            span.SetStatus(ActivityStatusCode.Error, type);
            span.SetTag("error.type", type);
        }

        return false;
    }

    /// <summary>The index in <see cref="Verbs"/> of a statement's first keyword, or <see langword="null"/> for another one.</summary>
    private static int? Verb(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        for (var i = 0; i < Verbs.Length; i++)
        {
            if (text.StartsWith(Verbs[i], StringComparison.OrdinalIgnoreCase) && (text.Length == Verbs[i].Length || char.IsWhiteSpace(text[Verbs[i].Length])))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// The public store interface a method belongs to: the interface itself, or the one of a store's interfaces that declares
    /// the method (a store may implement several, such as the segment and segment-input stores); the type's name when none does.
    /// </summary>
    private static (string Store, string DisplayName) Resolve(Type store, string operation)
    {
        var name = store.IsInterface
            ? store.Name
            : store.GetInterfaces().Where(i => i.IsPublic).FirstOrDefault(i => i.GetMethods().Any(m => m.Name == operation))?.Name ?? store.Name;
        return (name, $"{Name} {name}.{operation}");
    }
}
