using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Internal;

/// <summary>
/// The programme's settings every manager needs, taken from <see cref="CrmOptions"/> in one place: validated, with the
/// currency, the time zone, the rounding and the concurrency retries.
/// </summary>
internal sealed class ProgrammeSettings
{
    private ProgrammeSettings(CrmOptions options)
    {
        Options = options;
        Currency = options.Currency!;
        Zone = options.TimeZone!;
        Rounding = options.Rounding;
        Retry = ConcurrencyRetry.From(options);
        MinimumGroupSize = options.MinimumGroupSize;
    }

    /// <summary>Gets the options themselves.</summary>
    public CrmOptions Options { get; }

    /// <summary>Gets the programme's currency.</summary>
    public Currency Currency { get; }

    /// <summary>Gets the programme's time zone, in which local days, months and years are counted.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Gets how amounts are rounded to the currency's minor units.</summary>
    public MidpointRounding Rounding { get; }

    /// <summary>Gets the culture of explanations: the configured one, or else the current UI culture at the moment of asking.</summary>
    public System.Globalization.CultureInfo Culture => Options.Culture ?? System.Globalization.CultureInfo.CurrentUICulture;

    /// <summary>Gets the smallest group an aggregate report shows figures for; a smaller, non-empty group is suppressed.</summary>
    public int MinimumGroupSize { get; }

    /// <summary>Gets the concurrency retries of every read-decide-write step.</summary>
    public ConcurrencyRetry Retry { get; }

    /// <summary>Validates the options and takes the settings from them.</summary>
    /// <param name="options">The programme's options.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public static ProgrammeSettings From(IOptions<CrmOptions> options)
    {
        var value = Guard.NotNull(options).Value;
        var validation = new CrmOptionsValidator().Validate(null, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(CrmOptions), validation.Failures);
        }

        return new ProgrammeSettings(value);
    }
}
