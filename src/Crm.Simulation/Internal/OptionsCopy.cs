using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Crm.Simulation.Internal;

/// <summary>
/// Copies a package's options from the host's configured instance into the simulated world's. By reflection over the public
/// properties rather than a list written here, so that a setting a package adds later is copied too instead of silently
/// falling back to its default in simulations.
/// </summary>
internal static class OptionsCopy
{
    public static void Into<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T source, T target)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
            {
                continue;
            }

            if (property.SetMethod is { IsPublic: true })
            {
                property.SetValue(target, property.GetValue(source));
            }
            else if (property.GetValue(source) is IList from && property.GetValue(target) is IList { IsReadOnly: false } to)
            {
                // Get-only collections (CouponsOptions.Templates) are filled, as a host's Configure does.
                to.Clear();
                foreach (var item in from)
                {
                    to.Add(item);
                }
            }
        }
    }
}
