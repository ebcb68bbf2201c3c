using System.Collections;
using System.Reflection;
using Crm.Testing;
using Crm.Testing.Conformance;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Storage.InMemory.Tests;

/// <summary>The erasure scan on the in-memory adapter: every string reachable from the <see cref="InMemoryDatabase"/>, found by reflection.</summary>
public sealed class InMemoryErasureScanTests : ErasureScanConformanceTests, IAsyncLifetime
{
    private ServiceProvider? _services;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override Task<IServiceProvider> CreateServicesAsync(Action<ICrmBuilder> packages)
    {
        var services = new ServiceCollection();
        var builder = services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]; });
        packages(builder);
        builder.UseInMemoryStorage();
        _services = services.BuildServiceProvider();
        return Task.FromResult<IServiceProvider>(_services);
    }

    protected override Task<IReadOnlyList<StoredString>> ReadAllStoredStringsAsync(IServiceProvider services) =>
        Task.FromResult<IReadOnlyList<StoredString>>(StringWalker.Walk(services.GetRequiredService<InMemoryDatabase>(), "Database"));

    /// <summary>
    /// Collects every string reachable from an object through its fields (public or not), collections and dictionaries
    /// (keys too), so that a store added to the database later is scanned without a change here.
    /// </summary>
    internal static class StringWalker
    {
        public static List<StoredString> Walk(object root, string name)
        {
            var found = new List<StoredString>();
            Visit(root, name, found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
            return found;
        }

        private static void Visit(object? value, string path, List<StoredString> found, HashSet<object> seen, int depth)
        {
            if (value is null)
            {
                return;
            }

            if (value is string text)
            {
                found.Add(new StoredString { Location = path, Value = text });
                return;
            }

            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || type.IsPointer || value is decimal or Delegate or MemberInfo
                || type.Namespace?.StartsWith("System.Threading", StringComparison.Ordinal) == true
                || type.Namespace?.StartsWith("NodaTime", StringComparison.Ordinal) == true)
            {
                // Instants, dates and time zones hold no text of the customer's; locks and delegates are machinery.
                return;
            }

            Assert.True(depth < 64, $"The walk went deeper than 64 at {path}: a cycle through value types?");
            if (!type.IsValueType && !seen.Add(value))
            {
                return;
            }

            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    Visit(entry.Key, path + ".Key", found, seen, depth + 1);
                    Visit(entry.Value, path + ".Value", found, seen, depth + 1);
                }

                return;
            }

            if (value is IEnumerable items)
            {
                foreach (var item in items)
                {
                    Visit(item, path + "[]", found, seen, depth + 1);
                }

                return;
            }

            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    Visit(field.GetValue(value), path + "." + Name(field), found, seen, depth + 1);
                }
            }
        }

        private static string Name(FieldInfo field) =>
            field.Name.StartsWith('<') && field.Name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? field.Name[1..end] : field.Name;
    }
}
