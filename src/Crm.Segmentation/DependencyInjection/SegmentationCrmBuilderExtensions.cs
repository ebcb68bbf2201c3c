using Crm.Segmentation;
using Crm.Segmentation.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Segmentation.</summary>
public static class SegmentationCrmBuilderExtensions
{
    /// <summary>
    /// Adds segmentation: <see cref="SegmentationManager"/> and the <see cref="ICustomerSegmentProvider"/> other packages read segments through.
    /// The storage adapter provides <see cref="ISegmentStore"/> (and, for SQL, <see cref="ISegmentInputStore"/>).
    /// At start-up, the tiers the rules' <c>tier</c> conditions name are checked against the installed membership tiers
    /// (every <see cref="ICrmReferenceCatalog"/> of <see cref="CrmReferenceKind.Tier"/>), and the segments the policy assigns
    /// are offered as a catalog of <see cref="CrmReferenceKind.Segment"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for <see cref="SegmentationPolicy.Default"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddSegmentation(this ICrmBuilder builder, Action<SegmentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SegmentationOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentationOptions>, SegmentationOptionsValidator>());

        // Tier names the rules test are checked against the installed membership package at start-up; the segments the
        // policy assigns are offered to the packages whose rules name segments.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentationOptions>, SegmentationReferenceValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmReferenceCatalog, SegmentationSegmentCatalog>());
        services.TryAddSingleton<ISegmentStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides ISegmentStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder, or register your own ISegmentStore."));
        services.TryAddSingleton<SegmentationManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, SegmentationDataContributor>());
        services.Replace(ServiceDescriptor.Singleton<ICustomerSegmentProvider, SegmentationSegmentProvider>());
        return builder;
    }
}
