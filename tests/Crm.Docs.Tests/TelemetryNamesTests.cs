using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Crm.Docs.Tests;

/// <summary>
/// One convention for telemetry (issue 27): every package has a public <c>*Telemetry</c> class whose <c>Name</c> is the
/// package's name and names both its meter and its activity source, so a host wires OpenTelemetry with
/// <c>AddMeter(X.Name)</c> and <c>AddSource(X.Name)</c> for each package (docs/observability.md).
/// </summary>
public sealed class TelemetryNamesTests
{
    [Fact]
    public void EveryPackage_HasATelemetryClass_WhoseNameNamesItsMeterAndActivitySource()
    {
        var found = new List<string>();
        foreach (var assembly in RulesReference.Packages.Select(Assembly.Load))
        {
            var telemetry = assembly.GetExportedTypes().Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Telemetry", StringComparison.Ordinal)).ToList();
            telemetry.Should().ContainSingle($"{assembly.GetName().Name} has one public telemetry class");
            var type = telemetry[0];
            var name = (string?)type.GetField("Name", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            name.Should().Be(assembly.GetName().Name, $"{type.Name}.Name is the package's name");
            var fields = type.GetFields(BindingFlags.NonPublic | BindingFlags.Static);
            fields.Select(f => f.GetValue(null)).OfType<Meter>().Should().ContainSingle().Which.Name.Should().Be(name);
            fields.Select(f => f.GetValue(null)).OfType<ActivitySource>().Should().ContainSingle().Which.Name.Should().Be(name);
            found.Add(name!);
        }

        found.Should().HaveCount(RulesReference.Packages.Length);
    }
}
