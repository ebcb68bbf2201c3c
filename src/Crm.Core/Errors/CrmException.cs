namespace Crm;

/// <summary>
/// The base class of the exceptions that Crm packages throw on purpose.
/// </summary>
/// <remarks>
/// Programmer errors (a <see langword="null"/> argument, an out-of-range setting) throw the usual
/// <see cref="ArgumentException"/> family instead; a business "no" (a coupon that does not apply,
/// a redemption larger than the balance) is a result value, never an exception.
/// </remarks>
public abstract class CrmException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CrmException"/> class.</summary>
    /// <param name="errorCode">The stable error code; see <see cref="CrmErrorCodes"/>.</param>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    protected CrmException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Gets the stable, machine-readable error code, such as <c>purchase.lines_empty</c>.</summary>
    /// <value>One of the constants of <see cref="CrmErrorCodes"/> or of a package's own error-code class. Codes never change once shipped; messages may.</value>
    public string ErrorCode { get; }
}
