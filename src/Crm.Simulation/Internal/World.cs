using Crm.Churn;
using Crm.Coupons;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using Crm.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Simulation.Internal;

/// <summary>
/// An isolated world: a fresh service provider with the host's package registrations (their options copied, the candidate's
/// rules substituted), in-memory storage over a given <see cref="InMemoryDatabase"/>, and the replay's clock. Nothing in it
/// reaches the host's stores. Two worlds over one database are the same state seen under two sets of rules.
/// </summary>
internal sealed class World : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private World(ServiceProvider provider, HostSetup host)
    {
        _provider = provider;
        Crm = provider.GetRequiredService<CrmManager>();
        Customers = provider.GetRequiredService<ICustomerStore>();
        Consents = provider.GetRequiredService<IConsentStore>();
        Activity = provider.GetRequiredService<IActivityStore>();
        Points = host.Points is null ? null : provider.GetRequiredService<PointsManager>();
        Membership = host.Membership is null ? null : provider.GetRequiredService<MembershipManager>();
        Coupons = host.Coupons is null ? null : provider.GetRequiredService<ICouponStore>();
        Churn = host.Churn is null ? null : provider.GetRequiredService<ChurnManager>();
        if (Churn is not null && host.ChurnModel is { } model)
        {
            Churn.UseModel(model);
        }

        Segmentation = host.Segmentation is null ? null : provider.GetRequiredService<SegmentationManager>();
        TierPolicy = Membership is null ? null : provider.GetRequiredService<IOptions<MembershipOptions>>().Value.Policy;
        TierOrder = [.. TierPolicy?.Tiers.Select(t => t.Name) ?? []];
    }

    public IServiceProvider Services => _provider;

    public CrmManager Crm { get; }

    public ICustomerStore Customers { get; }

    public IConsentStore Consents { get; }

    public IActivityStore Activity { get; }

    public PointsManager? Points { get; }

    public MembershipManager? Membership { get; }

    public ICouponStore? Coupons { get; }

    public ChurnManager? Churn { get; }

    public SegmentationManager? Segmentation { get; }

    /// <summary>The tier policy in force in this world, or <see langword="null"/> without Crm.Membership.</summary>
    public TierPolicy? TierPolicy { get; }

    /// <summary>Gets whether tier reviews can change anything: only a policy with a review schedule sets review dates and grace periods (overrides are not journal facts, so a world has none).</summary>
    public bool HasReviews => TierPolicy is { Review.Schedule: not ReviewSchedule.None };

    /// <summary>Gets whether tier benefits are ever granted by the periodic run: only tiers with periodic or birthday coupons.</summary>
    public bool HasPeriodicBenefits => TierPolicy?.Tiers.Any(t => t.Benefits.Periodic.Count > 0 || t.Benefits.BirthdayCouponTemplateId is not null) == true;

    /// <summary>The tier names in the policy's order, lowest first.</summary>
    public IReadOnlyList<string> TierOrder { get; }

    /// <summary>Builds a world. Resolving the managers runs every package's option validators on the candidate's rules.</summary>
    /// <exception cref="OptionsValidationException">The rules do not validate.</exception>
    public static World Build(HostSetup host, InMemoryDatabase database, SimulationClock clock, SimulationCandidate? candidate)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddSingleton<NodaTime.IClock>(clock);
        var crm = services.AddCrm(o => OptionsCopy.Into(host.Crm, o));
        if (host.Points is { } points)
        {
            crm.AddPoints(o =>
            {
                OptionsCopy.Into(points, o);
                o.Rules = candidate?.EarnRules ?? o.Rules;
            });
        }

        if (host.Membership is { } membership)
        {
            crm.AddMembership(o =>
            {
                OptionsCopy.Into(membership, o);
                o.Policy = candidate?.TierPolicy ?? o.Policy;
            });
        }

        if (host.Coupons is { } coupons)
        {
            crm.AddCoupons(o =>
            {
                OptionsCopy.Into(coupons, o);
                if (candidate?.CouponTemplates is { } templates)
                {
                    o.Templates.Clear();
                    foreach (var template in templates)
                    {
                        o.Templates.Add(template);
                    }
                }
            });
        }

        if (host.Churn is { } churn)
        {
            crm.AddChurn(o =>
            {
                OptionsCopy.Into(churn, o);
                o.Policy = candidate?.ChurnPolicy ?? o.Policy;
            });
        }

        if (host.Segmentation is { } segmentation)
        {
            crm.AddSegmentation(o => OptionsCopy.Into(segmentation, o));
        }

        if (host.Feedback is { } feedback)
        {
            crm.AddFeedback(o => OptionsCopy.Into(feedback, o));
        }

        crm.UseInMemoryStorage();
        var provider = services.BuildServiceProvider();
        try
        {
            // ValidateOnStart needs a host; reading each options value here runs the same validators, before anything is replayed.
            _ = provider.GetRequiredService<IOptions<CrmOptions>>().Value;
            _ = host.Points is null ? null : provider.GetRequiredService<IOptions<PointsOptions>>().Value;
            _ = host.Membership is null ? null : provider.GetRequiredService<IOptions<MembershipOptions>>().Value;
            _ = host.Coupons is null ? null : provider.GetRequiredService<IOptions<CouponsOptions>>().Value;
            _ = host.Churn is null ? null : provider.GetRequiredService<IOptions<ChurnOptions>>().Value;
            _ = host.Segmentation is null ? null : provider.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            return new World(provider, host);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
