namespace Crm;

/// <summary>
/// Lists the names of one kind that a package defines (coupon templates, tiers, segments), so that a package whose rules
/// name them can refuse, at start-up, a name that does not exist: without it, a tier's welcome coupon naming a removed
/// template is never issued and a condition naming an unknown tier never matches, and nothing says so.
/// </summary>
/// <remarks>
/// <para>Each package registers one for each kind it defines; a package that refers to a kind checks its rules against
/// every catalog of that kind in its options validation (run at start-up through <c>ValidateOnStart</c>). With no catalog
/// of a kind registered (the package that defines it is not installed) nothing is checked: the host answers at run time.</para>
/// <para>A catalog reads the settings of its package as configured, without validating them, so that two packages that
/// check each other's names never validate each other in a loop. A host that defines names itself (its own coupon system
/// behind <see cref="ICouponIssuer"/>) may register its own.</para>
/// </remarks>
public interface ICrmReferenceCatalog
{
    /// <summary>Gets the kind of names the catalog lists.</summary>
    CrmReferenceKind Kind { get; }

    /// <summary>Gets whether a name is defined.</summary>
    /// <param name="name">The name, compared ordinally.</param>
    /// <returns><see langword="false"/> only when the name is certainly not defined; <see langword="true"/> when it is, or when the catalog cannot tell.</returns>
    bool IsDefined(string name);

    /// <summary>Describes the names that are defined, for an error message.</summary>
    /// <returns>A short list, such as <c>gold-welcome, win-back-10</c>.</returns>
    string DescribeDefined();
}
