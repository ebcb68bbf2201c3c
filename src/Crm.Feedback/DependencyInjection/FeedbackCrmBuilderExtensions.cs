using Crm.Feedback;
using Crm.Feedback.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm;

/// <summary>Registers Crm.Feedback.</summary>
public static class FeedbackCrmBuilderExtensions
{
    /// <summary>
    /// Adds customer feedback: <see cref="FeedbackManager"/>. The storage adapter provides <see cref="IFeedbackStore"/>;
    /// coupon remedies go through the registered <see cref="ICouponIssuer"/>, if any; events go to <see cref="ICrmEventSink"/>;
    /// with <see cref="FeedbackOptions.InviteOnPurchase"/> a purchase handler decides survey invitations as purchases are recorded.
    /// </summary>
    /// <param name="builder">The builder returned by <see cref="CrmServiceCollectionExtensions.AddCrm"/>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for <see cref="FeedbackPolicy.Default"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmBuilder AddFeedback(this ICrmBuilder builder, Action<FeedbackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FeedbackOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedbackOptions>, FeedbackOptionsValidator>());
        services.TryAddSingleton<IFeedbackStore>(_ => throw new InvalidOperationException(
            "No storage adapter provides IFeedbackStore. Call UseInMemoryStorage(), UseSqliteStorage(...) or UsePostgresStorage(...) on the builder, or register your own IFeedbackStore."));
        services.TryAddSingleton<FeedbackManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomerDataContributor, FeedbackDataContributor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPurchaseHandler, Feedback.Internal.FeedbackPurchaseHandler>());
        return builder;
    }
}
