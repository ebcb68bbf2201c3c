namespace Crm.Internal;

/// <summary>Checks the names one package's rules use against the <see cref="ICrmReferenceCatalog"/>s of one kind.</summary>
internal sealed class ReferenceCheck
{
    private readonly ICrmReferenceCatalog[] _catalogs;
    private readonly string _what;

    /// <param name="catalogs">Every registered catalog.</param>
    /// <param name="kind">The kind of names checked.</param>
    /// <param name="what">What such a name is, for the message ("a coupon template").</param>
    public ReferenceCheck(IEnumerable<ICrmReferenceCatalog>? catalogs, CrmReferenceKind kind, string what)
    {
        _catalogs = catalogs?.Where(c => c is not null && c.Kind == kind).ToArray() ?? [];
        _what = what;
    }

    /// <summary>Adds a failure naming the setting and the name when no catalog defines it; nothing when one does, or when there is none to ask.</summary>
    /// <param name="failures">The validation failures.</param>
    /// <param name="setting">The setting's path, such as <c>MembershipOptions.Policy at $.tiers[2].benefits.welcomeCouponTemplateId</c>.</param>
    /// <param name="name">The name the setting holds.</param>
    public void Check(List<string> failures, string setting, string? name)
    {
        if (_catalogs.Length == 0 || string.IsNullOrWhiteSpace(name) || _catalogs.Any(c => c.IsDefined(name)))
        {
            return;
        }

        failures.Add($"{setting}: '{name}' is not {_what} (defined: {string.Join("; ", _catalogs.Select(c => c.DescribeDefined()))}).");
    }

    /// <summary>Lists names for a message: at most 20, then how many more.</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "none" : all.Count <= 20 ? string.Join(", ", all) : string.Join(", ", all.Take(20)) + $" and {all.Count - 20} more";
    }
}
