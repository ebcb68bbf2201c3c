using Microsoft.Extensions.Options;

namespace Crm.Feedback;

/// <summary>Validates <see cref="FeedbackOptions"/>, including the policy.</summary>
public sealed class FeedbackOptionsValidator : IValidateOptions<FeedbackOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FeedbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("FeedbackOptions.Policy is null; leave it at FeedbackPolicy.Default or set it with FeedbackPolicy.FromJson(json).");
        }
        else
        {
            try
            {
                options.Policy.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"FeedbackOptions.Policy: {e.Message}");
            }
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"FeedbackOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        if (options.CardRecentCount is < 1 or > 100)
        {
            failures.Add($"FeedbackOptions.CardRecentCount is {options.CardRecentCount}; it must be between 1 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
