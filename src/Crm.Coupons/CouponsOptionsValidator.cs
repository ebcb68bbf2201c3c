using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Coupons;

/// <summary>Validates <see cref="CouponsOptions"/>, including every template.</summary>
public sealed class CouponsOptionsValidator : IValidateOptions<CouponsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CouponsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            CouponTemplate.ValidateAll([.. options.Templates]);
        }
        catch (CrmValidationException e)
        {
            failures.Add(Failure("CouponsOptions.Templates", e));
        }

        try
        {
            NextOrderRule.ValidateAll([.. options.NextOrderRules], [.. options.Templates]);
        }
        catch (CrmValidationException e)
        {
            failures.Add(Failure("CouponsOptions.NextOrderRules", e));
        }

        if (options.NextOrderIssueWindow <= Duration.Zero)
        {
            failures.Add($"CouponsOptions.NextOrderIssueWindow is {options.NextOrderIssueWindow}; it must be above zero.");
        }

        if (options.MaxCouponsPerPurchase is < 1 or > 20)
        {
            failures.Add($"CouponsOptions.MaxCouponsPerPurchase is {options.MaxCouponsPerPurchase}; it must be between 1 and 20.");
        }

        if (!Enum.IsDefined(options.BenefitOrder))
        {
            failures.Add($"CouponsOptions.BenefitOrder is {options.BenefitOrder}, which is not defined.");
        }

        if (options.ReservationTimeToLive <= Duration.Zero || options.ReservationTimeToLive > Duration.FromDays(1))
        {
            failures.Add($"CouponsOptions.ReservationTimeToLive is {options.ReservationTimeToLive}; it must be above zero and at most one day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A failure at its path under the option: <c>CouponsOptions.Templates[2].benefit.percent: ...</c>.</summary>
    private static string Failure(string option, CrmValidationException e) =>
        $"{option}{(e.Field is { } field && field.StartsWith('$') ? field[1..] : string.Empty)}: {e.Message}";
}
