using Microsoft.Extensions.Options;

namespace Crm.Campaigns;

/// <summary>Validates <see cref="CampaignsOptions"/>.</summary>
public sealed class CampaignsOptionsValidator : IValidateOptions<CampaignsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CampaignsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"CampaignsOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
