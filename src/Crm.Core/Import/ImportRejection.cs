namespace Crm;

/// <summary>A purchase an import skipped: see <see cref="ImportOptions.SkipInvalid"/>.</summary>
/// <param name="PurchaseId">The purchase's id as the stream gave it (possibly empty, when that is what was wrong).</param>
/// <param name="Error">Why it was refused: the code, the field and the message of the <see cref="CrmValidationException"/>.</param>
public sealed record ImportRejection(string PurchaseId, CrmValidationException Error);
