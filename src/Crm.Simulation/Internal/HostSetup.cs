using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Simulation.Internal;

/// <summary>
/// The host's configuration as it stands: which packages are installed (their manager is registered) and each one's options,
/// read through <see cref="IOptions{TOptions}"/>. This is the baseline. The host's own handlers and event sinks are not part of it.
/// </summary>
internal sealed record HostSetup(
    CrmOptions Crm,
    PointsOptions? Points,
    MembershipOptions? Membership,
    CouponsOptions? Coupons,
    ChurnOptions? Churn,
    SegmentationOptions? Segmentation,
    FeedbackOptions? Feedback)
{
    /// <summary>
    /// Gets the churn models the host's <see cref="ChurnManager"/> holds in memory (fitted or given with <see cref="ChurnManager.UseModel"/>),
    /// or <see langword="null"/>. The one piece of a package's state that lives outside its stores: a world starts with it, so its
    /// assessments score as the host's do when <see cref="ChurnOptions.RefitModelOnRun"/> is off.
    /// </summary>
    public ChurnModelFit? ChurnModel { get; init; }

    public static HostSetup Read(IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        T? Installed<T>(Type manager)
            where T : class => isService.IsService(manager) ? services.GetRequiredService<IOptions<T>>().Value : null;
        var churnModel = isService.IsService(typeof(ChurnManager)) ? services.GetRequiredService<ChurnManager>().Model : null;
        return new HostSetup(
            services.GetRequiredService<IOptions<CrmOptions>>().Value,
            Installed<PointsOptions>(typeof(PointsManager)),
            Installed<MembershipOptions>(typeof(MembershipManager)),
            Installed<CouponsOptions>(typeof(CouponManager)),
            Installed<ChurnOptions>(typeof(ChurnManager)),
            Installed<SegmentationOptions>(typeof(SegmentationManager)),
            Installed<FeedbackOptions>(typeof(FeedbackManager))) { ChurnModel = churnModel };
    }
}
