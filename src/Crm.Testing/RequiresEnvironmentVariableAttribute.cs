namespace Crm.Testing;

/// <summary>
/// Skips every <see cref="ConformanceFactAttribute"/> test of the class (and of classes derived from it) when an
/// environment variable is not set, reporting <see cref="Reason"/>.
/// </summary>
/// <param name="name">The environment variable, such as <c>CRM_PG_CONNECTION</c>.</param>
/// <param name="reason">Why the tests need it and how to provide it.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RequiresEnvironmentVariableAttribute(string name, string reason) : Attribute
{
    /// <summary>Gets the name of the environment variable.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the reason reported when the variable is not set.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets the skip reason for a test class, or <see langword="null"/> when its tests may run.</summary>
    /// <param name="testClass">The test class.</param>
    /// <returns>The reason, naming the missing variable, or <see langword="null"/>.</returns>
    public static string? SkipReasonFor(Type testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        foreach (RequiresEnvironmentVariableAttribute required in testClass.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute), inherit: true))
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(required.Name)))
            {
                return $"{required.Name} is not set: {required.Reason}";
            }
        }

        return null;
    }
}
