namespace Crm.Samples.TillService.Contracts;

/// <summary>Turns ids from the wire into the library's, with the library's error code when one is malformed.</summary>
internal static class TillIds
{
    // CustomerId's own constructor throws the same code, but names its own field; the till wants the request's.
    public static CustomerId Customer(string? value, string field) =>
        CustomerId.IsValid(value)
            ? new CustomerId(value!)
            : throw new CrmValidationException(
                CrmErrorCodes.CustomerIdInvalid,
                field,
                $"A customer id is 1 to {CustomerId.MaxLength} printable ASCII characters without spaces; got '{value}'.");
}
