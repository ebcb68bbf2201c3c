using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Baskets;

/// <summary>Validates <see cref="BasketOptions"/>, including the policy.</summary>
public sealed class BasketOptionsValidator : IValidateOptions<BasketOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BasketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("BasketOptions.Policy is null; leave it at BasketPolicy.Default or set it with BasketPolicy.FromJson(json).");
        }
        else
        {
            try
            {
                options.Policy.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"BasketOptions.Policy: {e.Message}");
            }
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"BasketOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        if (options.ModelRefreshInterval < Duration.Zero || options.ModelRefreshInterval > Duration.FromDays(1))
        {
            failures.Add($"BasketOptions.ModelRefreshInterval is {options.ModelRefreshInterval}; it must be between 0 and 1 day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
