namespace Crm;

/// <summary>The result of <see cref="CrmManager.ImportAsync"/>.</summary>
public sealed class ImportResult
{
    internal ImportResult(ImportProgress totals, IReadOnlyList<ImportRejection> rejected)
    {
        Totals = totals;
        Rejected = rejected;
    }

    /// <summary>Gets the counts: read, recorded, replayed and rejected.</summary>
    public ImportProgress Totals { get; }

    /// <summary>Gets the purchases skipped because the library refused them, in stream order (only with <see cref="ImportOptions.SkipInvalid"/>).</summary>
    public IReadOnlyList<ImportRejection> Rejected { get; }

    /// <summary>Summarises the import.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() =>
        $"{Totals.Read} read: {Totals.Recorded} recorded, {Totals.Replayed} recorded before, {Totals.Rejected} rejected";
}
