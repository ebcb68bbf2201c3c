using System.Reflection;
using Xunit;

namespace Crm.Testing;

/// <summary>
/// Fails while an adapter's test assembly leaves a conformance suite of this package un-derived. Derive it once
/// in each adapter's test project.
/// </summary>
public abstract class CrmComplianceTestBase
{
    /// <summary>Gets the adapter's test assembly, which must derive every suite.</summary>
    protected abstract Assembly TargetAssembly { get; }

    /// <summary>Gets the suites the adapter deliberately does not run, each with the reason (for example a store it does not implement).</summary>
    protected virtual IReadOnlyDictionary<Type, string> SkippedSuites { get; } = new Dictionary<Type, string>();

    /// <summary>Every abstract <c>*ConformanceTests</c> class has a concrete subclass in <see cref="TargetAssembly"/>, or is listed as skipped.</summary>
    [ConformanceFact]
    public virtual void AllConformanceSuites_AreDerived()
    {
        var suites = typeof(CrmComplianceTestBase).Assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsClass && t.Name.EndsWith("ConformanceTests", StringComparison.Ordinal));
        var derived = TargetAssembly.GetTypes().Where(t => !t.IsAbstract && t.IsClass).ToList();

        var missing = suites
            .Where(s => !SkippedSuites.ContainsKey(s) && !derived.Any(s.IsAssignableFrom))
            .Select(s => s.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "Missing derived classes for: " + string.Join(", ", missing));
    }

    /// <summary>Every skipped suite has a reason.</summary>
    [ConformanceFact]
    public virtual void SkippedSuites_HaveReasons()
    {
        Assert.All(SkippedSuites, pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key.Name} is skipped without a reason."));
    }
}
