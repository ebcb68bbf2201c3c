using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Crm.Internal;

/// <summary>Argument checks for programmer errors; thrown before any I/O.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string argumentName = "")
        where T : class
    {
        if (value is null)
        {
            throw new ArgumentNullException(argumentName);
        }

        return value;
    }

    /// <summary>Refuses <c>default(CustomerId)</c> at a public entry point, the same way in every package, before any store is asked.</summary>
    public static CustomerId Customer(CustomerId customerId, [CallerArgumentExpression(nameof(customerId))] string argumentName = "") =>
        customerId.IsDefault
            ? throw new CrmValidationException(CrmErrorCodes.CustomerIdInvalid, argumentName, "default(CustomerId) names no customer; pass the host's customer id.")
            : customerId;

    /// <summary>Refuses an id or key that breaks <see cref="HostKey"/>'s rule, with the calling package's code, before anything is written.</summary>
    public static void Key(string? value, string errorCode, string field)
    {
        if (!HostKey.IsValid(value))
        {
            throw new CrmValidationException(errorCode, field, $"The {field} is not a valid key: 1 to {HostKey.MaxLength} characters, not blank, without control characters or leading or trailing white space.");
        }
    }

    public static string NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string argumentName = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, argumentName);
        return value;
    }

    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string argumentName = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, argumentName);
        return value;
    }
}
