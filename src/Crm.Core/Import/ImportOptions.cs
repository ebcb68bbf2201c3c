namespace Crm;

/// <summary>Settings of <see cref="CrmManager.ImportAsync"/>.</summary>
public sealed class ImportOptions
{
    /// <summary>Gets or sets how many purchases are read from the stream and recorded together: one read and one commit per customer round of a batch.</summary>
    /// <value>The default value is 500.</value>
    /// <remarks>Larger batches mean fewer round trips and longer write transactions; on SQLite a batch holds the file's write lock while it commits.</remarks>
    public int BatchSize { get; set; } = 500;

    /// <summary>Gets or sets a value indicating whether a purchase the library refuses (a <see cref="CrmValidationException"/>) is skipped and reported in <see cref="ImportResult.Rejected"/> instead of stopping the import.</summary>
    /// <value>The default value is <see langword="false"/>: the first refused purchase stops the import with its exception.</value>
    public bool SkipInvalid { get; set; }
}
