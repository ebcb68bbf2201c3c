using Xunit.Abstractions;
using Xunit.Sdk;

namespace Crm.Testing;

/// <summary>The xUnit discoverer behind <see cref="ConformanceFactAttribute"/>; not for direct use.</summary>
/// <param name="diagnosticMessageSink">xUnit's diagnostic sink.</param>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var reason = RequiresEnvironmentVariableAttribute.SkipReasonFor(testMethod.TestClass.Class.ToRuntimeType());
        return reason is null
            ? base.Discover(discoveryOptions, testMethod, factAttribute)
            : [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
