using Xunit;
using Xunit.Sdk;

namespace Crm.Testing;

/// <summary>
/// Marks a conformance test. It runs like <see cref="FactAttribute"/>, except that it is reported as skipped, with
/// the reason, when the test class carries a <see cref="RequiresEnvironmentVariableAttribute"/> whose variable is not set
/// (so a suite against a database server is visibly skipped, never silently passed, where no server is configured).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Crm.Testing.ConformanceFactDiscoverer", "Crm.Testing")]
public sealed class ConformanceFactAttribute : FactAttribute
{
}
