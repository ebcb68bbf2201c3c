using Microsoft.Extensions.Options;

namespace Crm.Churn;

/// <summary>Validates <see cref="ChurnOptions"/>, including the policy.</summary>
public sealed class ChurnOptionsValidator : IValidateOptions<ChurnOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("ChurnOptions.Policy is not set; set it in AddChurn(o => o.Policy = ChurnPolicy.FromJson(json)).");
        }
        else
        {
            try
            {
                options.Policy.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"ChurnOptions.Policy: {e.Message}");
            }
        }

        if (options.ModelFitTimeLimit <= NodaTime.Duration.Zero || options.ModelFitTimeLimit > NodaTime.Duration.FromHours(1))
        {
            failures.Add($"ChurnOptions.ModelFitTimeLimit is {options.ModelFitTimeLimit}; it must be positive and at most one hour.");
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"ChurnOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
