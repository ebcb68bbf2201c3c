using Microsoft.Extensions.Options;

namespace Crm.Internal;

/// <summary>
/// Builds a package's options as configured (every Configure and PostConfigure applied, as the options factory does)
/// without validating them: what an <see cref="ICrmReferenceCatalog"/> reads, so that two packages that check each
/// other's names at start-up never validate each other in a loop (reading IOptions.Value from inside the other's
/// validation would re-enter the first package's validation).
/// </summary>
internal static class ConfiguredOptions
{
    public static T Build<T>(IEnumerable<IConfigureOptions<T>> configures, IEnumerable<IPostConfigureOptions<T>> postConfigures)
        where T : class, new()
    {
        var options = new T();
        foreach (var configure in configures)
        {
            if (configure is IConfigureNamedOptions<T> named)
            {
                named.Configure(Options.DefaultName, options);
            }
            else
            {
                configure.Configure(options);
            }
        }

        foreach (var postConfigure in postConfigures)
        {
            postConfigure.PostConfigure(Options.DefaultName, options);
        }

        return options;
    }
}
