using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Checks <see cref="CustomerIdentifierOptions"/> when the host starts.</summary>
public sealed class CustomerIdentifierOptionsValidator : IValidateOptions<CustomerIdentifierOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CustomerIdentifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LookupKey is { Length: >= CustomerIdentifierOptions.MinLookupKeyLength }
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"CustomerIdentifierOptions.LookupKey must be a secret of at least {CustomerIdentifierOptions.MinLookupKeyLength} bytes (32 random bytes from the host's secret store).");
    }
}
