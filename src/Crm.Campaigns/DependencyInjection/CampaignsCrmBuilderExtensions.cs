using Crm.Campaigns;
using Crm.Campaigns.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Campaigns.</summary>
public static class CampaignsCrmBuilderExtensions
{
    /// <summary>
    /// Adds campaigns with a holdout: <see cref="CampaignManager"/>. The storage adapter provides <see cref="ICampaignStore"/>;
    /// coupon arms go through the registered <see cref="ICouponIssuer"/>; messages go to <see cref="ICrmEventSink"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddCampaigns(this ICrmBuilder builder, Action<CampaignsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CampaignsOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CampaignsOptions>, CampaignsOptionsValidator>());
        services.TryAddSingleton<ICampaignStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides ICampaignStore. Call UseInMemoryStorage() on the builder, or register your own ICampaignStore."));
        services.TryAddSingleton<CampaignManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, CampaignsDataContributor>());
        return builder;
    }
}
