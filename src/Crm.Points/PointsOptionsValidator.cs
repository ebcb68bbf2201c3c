using Microsoft.Extensions.Options;

namespace Crm.Points;

/// <summary>Validates <see cref="PointsOptions"/>, including the earn rules.</summary>
public sealed class PointsOptionsValidator : IValidateOptions<PointsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Rules is null)
        {
            failures.Add("PointsOptions.Rules is not set; set it in AddPoints(o => o.Rules = EarnRules.FromJson(json)).");
        }
        else
        {
            try
            {
                options.Rules.Validate();
            }
            catch (CrmValidationException e)
            {
                failures.Add($"PointsOptions.Rules: {e.Message}");
            }
        }

        switch (options.Expiry)
        {
            case null:
                failures.Add("PointsOptions.Expiry is null; use PointsExpiry.Never.");
                break;
            case { Kind: PointsExpiryKind.MonthsAfterEarning, Count: < 1 or > 120 }:
                failures.Add($"PointsOptions.Expiry: {options.Expiry.Count} months is out of range (1 to 120).");
                break;
            case { Kind: PointsExpiryKind.EndOfYear, Count: < 0 or > 10 }:
                failures.Add($"PointsOptions.Expiry: {options.Expiry.Count} years is out of range (0 to 10).");
                break;
            case { Kind: var kind } when !Enum.IsDefined(kind):
                failures.Add("PointsOptions.Expiry.Kind is not known.");
                break;
        }

        if (options.MaxPointsPerChange < 1 || options.MaxBalance < options.MaxPointsPerChange || options.MaxBalance > long.MaxValue / 4)
        {
            failures.Add($"PointsOptions.MaxPointsPerChange is {options.MaxPointsPerChange} and MaxBalance {options.MaxBalance}; the change must be at least 1, the balance at least the change and at most {long.MaxValue / 4}.");
        }

        if (options.PendingDays is < 0 or > 365)
        {
            failures.Add($"PointsOptions.PendingDays is {options.PendingDays}; it must be between 0 and 365.");
        }

        if (!Enum.IsDefined(options.RefundPolicy))
        {
            failures.Add("PointsOptions.RefundPolicy is not known.");
        }

        if (options.CostPerPoint is { } cost && (cost.IsDefault || cost.IsNegative))
        {
            failures.Add("PointsOptions.CostPerPoint must be an amount of at least zero with a currency.");
        }


        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"PointsOptions.PageSize is {options.PageSize}; it must be between 1 and 100,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
