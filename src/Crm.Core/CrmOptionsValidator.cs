using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm;

/// <summary>Validates <see cref="CrmOptions"/>; every failure names the setting and says what to do.</summary>
public sealed class CrmOptionsValidator : IValidateOptions<CrmOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CrmOptions options)
    {
        Internal.Guard.NotNull(options);
        var failures = new List<string>();
        if (options.Currency is null)
        {
            failures.Add("CrmOptions.Currency is not set; set it to the programme's currency, for example options.Currency = Currency.CNY.");
        }

        if (options.TimeZone is null)
        {
            failures.Add("CrmOptions.TimeZone is not set; set it to the programme's time zone, for example options.TimeZone = DateTimeZoneProviders.Tzdb[\"Asia/Shanghai\"].");
        }

        if (!Enum.IsDefined(options.Rounding))
        {
            failures.Add($"CrmOptions.Rounding is {(int)options.Rounding}, which is not a MidpointRounding value.");
        }

        if (options.MaxClockSkew < Duration.Zero || options.MaxClockSkew > Duration.FromDays(1))
        {
            failures.Add($"CrmOptions.MaxClockSkew is {options.MaxClockSkew}; it must be between zero and one day.");
        }

        if (options.MaxConcurrencyRetries is < 0 or > 100)
        {
            failures.Add($"CrmOptions.MaxConcurrencyRetries is {options.MaxConcurrencyRetries}; it must be between 0 and 100.");
        }

        if (options.RetryBaseDelay < Duration.Zero || options.RetryMaxDelay < options.RetryBaseDelay || options.RetryMaxDelay > Duration.FromMinutes(1))
        {
            failures.Add($"CrmOptions.RetryBaseDelay is {options.RetryBaseDelay} and RetryMaxDelay {options.RetryMaxDelay}; the base must be zero or more, and the maximum at least the base and at most one minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
