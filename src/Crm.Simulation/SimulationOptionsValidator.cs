using Microsoft.Extensions.Options;

namespace Crm.Simulation;

/// <summary>Validates <see cref="SimulationOptions"/> at start-up.</summary>
public sealed class SimulationOptionsValidator : IValidateOptions<SimulationOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options' name.</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or every problem found.</returns>
    public ValidateOptionsResult Validate(string? name, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PageSize is < 1 or > 100_000
            ? ValidateOptionsResult.Fail($"SimulationOptions.PageSize is {options.PageSize}; it must be 1 to 100,000.")
            : ValidateOptionsResult.Success;
    }
}
