using Microsoft.Extensions.Options;

namespace Crm.Segmentation;

/// <summary>Validates <see cref="SegmentationOptions"/>, including the policy.</summary>
public sealed class SegmentationOptionsValidator : IValidateOptions<SegmentationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("SegmentationOptions.Policy is null; leave it at SegmentationPolicy.Default or set it with SegmentationPolicy.FromJson(json).");
        }
        else
        {
            try
            {
                options.Policy.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"SegmentationOptions.Policy: {e.Message}");
            }
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"SegmentationOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }


        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
