namespace Crm;

/// <summary>
/// The exception that is thrown when the host hands the library a fact, a profile or a rule that is not valid.
/// </summary>
/// <remarks>
/// It is thrown at the boundary, before anything is written, so a rejected call leaves no trace in any store.
/// </remarks>
public sealed class CrmValidationException : CrmException
{
    /// <summary>Initializes a new instance of the <see cref="CrmValidationException"/> class.</summary>
    /// <param name="errorCode">The stable error code; see <see cref="CrmErrorCodes"/>.</param>
    /// <param name="field">The path of the offending field, such as <c>Lines[2].Quantity</c>, or <see langword="null"/> when the error is not about one field.</param>
    /// <param name="message">A message a developer can act on.</param>
    public CrmValidationException(string errorCode, string? field, string message)
        : base(errorCode, message)
    {
        Field = field;
    }

    /// <summary>Gets the path of the offending field, such as <c>Lines[2].Quantity</c> or a JSON path in a rule file.</summary>
    /// <value>The field path, or <see langword="null"/> when the error is not about a single field.</value>
    public string? Field { get; }
}
