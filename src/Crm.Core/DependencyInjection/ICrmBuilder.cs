using Microsoft.Extensions.DependencyInjection;

namespace Crm;

/// <summary>
/// Configures the Crm packages of a host; returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/> and
/// extended by each package (<c>.AddPoints(...)</c>, <c>.UseSqliteStorage(...)</c>).
/// </summary>
public interface ICrmBuilder
{
    /// <summary>Gets the service collection the packages register into.</summary>
    IServiceCollection Services { get; }
}
