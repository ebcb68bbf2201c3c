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

        if (options.EarliestFactInstant < Instant.FromUtc(1900, 1, 1, 0, 0) || options.EarliestFactInstant > Instant.FromUtc(2100, 1, 1, 0, 0))
        {
            failures.Add($"CrmOptions.EarliestFactInstant is {options.EarliestFactInstant}; it must be between 1900 and 2100.");
        }

        // 10^12 major units in minor units of a currency with up to 4 decimals, summed over a customer, still fit in the
        // 64-bit integers the stores keep sums in.
        if (options.MaxFactAmount <= 0m || options.MaxFactAmount > 1_000_000_000_000m)
        {
            failures.Add($"CrmOptions.MaxFactAmount is {options.MaxFactAmount}; it must be above zero and at most 1,000,000,000,000.");
        }

        if (options.MaxCustomerNetSpend < options.MaxFactAmount || options.MaxCustomerNetSpend > 100_000_000_000_000m)
        {
            failures.Add($"CrmOptions.MaxCustomerNetSpend is {options.MaxCustomerNetSpend}; it must be at least MaxFactAmount ({options.MaxFactAmount}) and at most 100,000,000,000,000.");
        }

        if (options.MaxLineQuantity <= 0m || options.MaxLineQuantity > 1_000_000_000m)
        {
            failures.Add($"CrmOptions.MaxLineQuantity is {options.MaxLineQuantity}; it must be above zero and at most 1,000,000,000.");
        }

        if (options.QuantityDecimals is < 0 or > 6)
        {
            failures.Add($"CrmOptions.QuantityDecimals is {options.QuantityDecimals}; it must be between 0 and 6.");
        }

        if (options.MaxLinesPerFact is < 1 or > 100_000)
        {
            failures.Add($"CrmOptions.MaxLinesPerFact is {options.MaxLinesPerFact}; it must be between 1 and 100,000.");
        }

        if (options.MinimumGroupSize is < 1 or > 1000)
        {
            failures.Add($"CrmOptions.MinimumGroupSize is {options.MinimumGroupSize}; it must be between 1 and 1,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
