using Crm.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Simulation on an <see cref="ICrmBuilder"/>.</summary>
public static class SimulationCrmBuilderExtensions
{
    /// <summary>Adds <see cref="SimulationManager"/>, which replays the host's journal through candidate rules in an isolated in-memory world.</summary>
    /// <param name="builder">The builder returned by <c>AddCrm</c>.</param>
    /// <param name="configure">Sets the <see cref="SimulationOptions"/>, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Registers no store: a simulation only reads the host's journal and customer profiles, and writes only to its own in-memory stores. Call it in any order with the other packages; it reads their configuration when a simulation runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ICrmBuilder AddSimulation(this ICrmBuilder builder, Action<SimulationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SimulationOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulationOptions>, SimulationOptionsValidator>());
        services.TryAddSingleton<SimulationManager>();
        return builder;
    }
}
