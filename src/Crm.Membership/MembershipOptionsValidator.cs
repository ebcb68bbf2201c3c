using Microsoft.Extensions.Options;

namespace Crm.Membership;

/// <summary>Validates <see cref="MembershipOptions"/>, including the tier policy.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("MembershipOptions.Policy is not set; set it in AddMembership(o => o.Policy = TierPolicy.FromJson(json)).");
        }
        else
        {
            try
            {
                options.Policy.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"MembershipOptions.Policy: {e.Message}");
            }
        }


        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"MembershipOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
