using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Turns on customer identifiers.</summary>
public static class CustomerIdentifierCrmBuilderExtensions
{
    /// <summary>
    /// Enables <see cref="CrmManager.LinkIdentifierAsync"/> and the other identifier methods with the key their lookup hash
    /// uses. The storage adapter provides <see cref="ICustomerIdentifierStore"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options; <see cref="CustomerIdentifierOptions.LookupKey"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The options are validated when the host starts: a missing or short key fails with <see cref="OptionsValidationException"/>.</remarks>
    public static ICrmBuilder AddCustomerIdentifiers(this ICrmBuilder builder, Action<CustomerIdentifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<CustomerIdentifierOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerIdentifierOptions>, CustomerIdentifierOptionsValidator>());
        return builder;
    }
}
