namespace Crm.Testing;

/// <summary>One string an adapter holds, and where: what <see cref="Conformance.ErasureScanConformanceTests"/> scans.</summary>
public sealed class StoredString
{
    /// <summary>Gets where the string is stored, such as <c>crm_points_entries.reason</c> or <c>Points.Ledgers.Entries.Reason</c>.</summary>
    public required string Location { get; init; }

    /// <summary>Gets the string.</summary>
    public required string Value { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Value}";
}
