using Crm.Points;
using Crm.Segmentation;
using Crm.Internal;
using Crm.Simulation.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Simulation;

/// <summary>
/// Replays a period of the host's journal through candidate rules of every installed package, each in an isolated in-memory
/// world, and reports the difference from the rules in force (the baseline).
/// </summary>
/// <remarks>
/// <para><b>The world.</b> Each scenario (the baseline, then each candidate) gets a fresh service provider with the host's
/// package registrations: the same packages (those whose manager the host registered), each with the host's options as
/// read through <see cref="IOptions{TOptions}"/>, the candidate's rules substituted where given, and in-memory storage. Facts
/// go through the world's real <see cref="CrmManager"/> and the packages' own handlers, not a re-implementation. The host's
/// own handlers and event sinks are not part of a world.</para>
/// <para><b>The start state.</b> The journal before the period is replayed first under the baseline's rules, then the world
/// is rebuilt over the same in-memory stores with the candidate's rules for the period. The state at the period's start is
/// therefore the baseline's, rebuilt from the journal: it equals the host's when the host's rules did not change over its
/// history and its points redemptions and manual adjustments (which are not journal facts) are left aside.</para>
/// <para><b>Order and time.</b> Purchases are replayed by purchase instant and each refund at its own instant among them; the
/// world's clock is set to each fact's instant before it is recorded, never to the wall clock. When
/// <see cref="SimulationOptions.RunMonthlyJobs"/> is set, points expiry, tier reviews and tier benefits run at each local
/// month's start; a churn run and a segmentation run are made at the period's end.</para>
/// <para><b>The host.</b> Only read: the journal through <see cref="IActivityStore.ListEntriesAsync"/> in pages of
/// <see cref="SimulationOptions.PageSize"/>, customer profiles through <see cref="ICustomerStore.FindAsync"/> (each
/// copied into the world before the customer's first fact), and for a segment filter the host's segment members.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; each run has its own worlds.</threadsafety>
public sealed class SimulationManager
{
    private readonly IServiceProvider _services;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly SimulationOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SimulationManager"/> class.</summary>
    /// <param name="services">The host's service provider, from which the installed packages and their options are read.</param>
    /// <param name="activityStore">The host's journal, read only.</param>
    /// <param name="customerStore">The host's customer profiles, read only.</param>
    /// <param name="options">The simulation's settings.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public SimulationManager(IServiceProvider services, IActivityStore activityStore, ICustomerStore customerStore, IOptions<SimulationOptions> options)
    {
        _services = Guard.NotNull(services);
        _activity = Guard.NotNull(activityStore);
        _customers = Guard.NotNull(customerStore);
        _options = Guard.NotNull(options).Value;
    }

    /// <summary>For tests: called with each scenario's world before it is disposed.</summary>
    internal Func<string, IServiceProvider, Task>? InspectWorld { get; set; }

    /// <summary>Runs a simulation: the baseline and each candidate over the period, and the comparisons.</summary>
    /// <param name="request">What to simulate.</param>
    /// <param name="progress">Receives progress per scenario and page of the journal, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the simulation; the host is never written, so a cancelled run leaves nothing behind.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SimulationRequest.TopCustomers"/> is negative.</exception>
    /// <exception cref="CrmValidationException">The request is not valid, before anything is replayed: a reversed period (<see cref="SimulationErrorCodes.PeriodReversed"/>),
    /// a malformed candidate (<see cref="SimulationErrorCodes.CandidateInvalid"/>), rules for a package the host has not installed
    /// (<see cref="SimulationErrorCodes.PackageNotInstalled"/>), rules that do not validate (<see cref="SimulationErrorCodes.CandidateRulesInvalid"/>),
    /// or a malformed customer filter (<see cref="SimulationErrorCodes.CustomerFilterInvalid"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<SimulationReport> RunAsync(SimulationRequest request, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.TopCustomers);
        var host = HostSetup.Read(_services);
        Validate(request, host);
        var filter = await BuildFilterAsync(request.Customers, cancellationToken).ConfigureAwait(false);
        using var span = SimulationTelemetry.Source.StartActivity("crm.simulation.run");
        SimulationTelemetry.Runs.Add(1);

        var runner = new ScenarioRunner(host, _activity, _customers, _services.GetRequiredService<IConsentStore>(), filter, request, _options, progress);
        var count = request.Candidates.Count + 1;
        var baseline = await runner.RunAsync("baseline", 0, count, null, InspectWorld, cancellationToken).ConfigureAwait(false);
        var scenarios = new List<ScenarioResult> { baseline.Result };
        var comparisons = new List<CandidateComparison>();
        for (var i = 0; i < request.Candidates.Count; i++)
        {
            var candidate = request.Candidates[i];
            var run = await runner.RunAsync(candidate.Name, i + 1, count, candidate, InspectWorld, cancellationToken).ConfigureAwait(false);
            scenarios.Add(run.Result);
            comparisons.Add(Comparison.Compare(baseline, run, request.TopCustomers, host.Crm.Culture ?? System.Globalization.CultureInfo.CurrentUICulture));
        }

        return new SimulationReport
        {
            From = request.From,
            To = request.To,
            TimeZone = host.Crm.TimeZone!.Id,
            Scenarios = scenarios,
            Comparisons = comparisons,
            Assumptions = Assumptions(host),
        };
    }

    private void Validate(SimulationRequest request, HostSetup host)
    {
        if (request.To < request.From)
        {
            throw new CrmValidationException(SimulationErrorCodes.PeriodReversed, "To", $"The period ends on {request.To:yyyy-MM-dd}, before it starts ({request.From:yyyy-MM-dd}).");
        }

        var customers = request.Customers ?? throw new CrmValidationException(SimulationErrorCodes.CustomerFilterInvalid, "Customers", "The customer filter is null; use SimulationCustomers.All.");
        switch (customers.Kind)
        {
            case SimulationCustomerFilterKind.Explicit when customers.CustomerIds.Count == 0 || customers.CustomerIds.Any(c => c.IsDefault):
                throw new CrmValidationException(SimulationErrorCodes.CustomerFilterInvalid, "Customers", "An explicit customer filter needs at least one customer, and no default id.");
            case SimulationCustomerFilterKind.Sample when !(customers.Fraction > 0d && customers.Fraction <= 1d):
                throw new CrmValidationException(SimulationErrorCodes.CustomerFilterInvalid, "Customers", $"A sample's fraction is {customers.Fraction}; it must be above 0 and at most 1.");
            case SimulationCustomerFilterKind.Segment when string.IsNullOrWhiteSpace(customers.Segment):
                throw new CrmValidationException(SimulationErrorCodes.CustomerFilterInvalid, "Customers", "A segment filter needs a segment name.");
            case SimulationCustomerFilterKind.Segment when host.Segmentation is null:
                throw new CrmValidationException(SimulationErrorCodes.PackageNotInstalled, "Customers", $"The customer filter names segment '{customers.Segment}', but the host has not installed Crm.Segmentation (AddSegmentation).");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "baseline" };
        var candidates = request.Candidates ?? throw new CrmValidationException(SimulationErrorCodes.CandidateInvalid, "Candidates", "The candidates are null; use an empty list.");
        for (var i = 0; i < candidates.Count; i++)
        {
            var field = $"Candidates[{i}]";
            var candidate = candidates[i] ?? throw new CrmValidationException(SimulationErrorCodes.CandidateInvalid, field, $"Candidate {i} is null.");
            if (string.IsNullOrWhiteSpace(candidate.Name) || !names.Add(candidate.Name))
            {
                throw new CrmValidationException(SimulationErrorCodes.CandidateInvalid, field + ".Name", $"Candidate {i} is named '{candidate.Name}'; a candidate needs a name of its own, other than 'baseline'.");
            }

            if (candidate is { EarnRules: null, TierPolicy: null, CouponTemplates: null, ChurnPolicy: null })
            {
                throw new CrmValidationException(SimulationErrorCodes.CandidateInvalid, field, $"Candidate '{candidate.Name}' changes nothing; give earn rules, a tier policy, coupon templates or a churn policy.");
            }

            RequireInstalled(candidate.EarnRules, host.Points, field + ".EarnRules", candidate.Name, "Crm.Points (AddPoints)");
            RequireInstalled(candidate.TierPolicy, host.Membership, field + ".TierPolicy", candidate.Name, "Crm.Membership (AddMembership)");
            RequireInstalled(candidate.CouponTemplates, host.Coupons, field + ".CouponTemplates", candidate.Name, "Crm.Coupons (AddCoupons)");
            RequireInstalled(candidate.ChurnPolicy, host.Churn, field + ".ChurnPolicy", candidate.Name, "Crm.Churn (AddChurn)");

            // The candidate's world is built once, empty, so every package's own validators judge its rules before anything runs.
            try
            {
                var world = World.Build(host, new Storage.InMemory.InMemoryDatabase(host.Crm.Currency!), new SimulationClock(host.Crm.EarliestFactInstant), candidate);
                world.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is OptionsValidationException or CrmValidationException)
            {
                throw new CrmValidationException(SimulationErrorCodes.CandidateRulesInvalid, field, $"Candidate '{candidate.Name}' has rules that do not validate: {exception.Message}");
            }
        }
    }

    private static void RequireInstalled(object? rules, object? installed, string field, string candidate, string package)
    {
        if (rules is not null && installed is null)
        {
            throw new CrmValidationException(SimulationErrorCodes.PackageNotInstalled, field, $"Candidate '{candidate}' changes the rules of {package}, which the host has not installed.");
        }
    }

    private async Task<Func<CustomerId, bool>> BuildFilterAsync(SimulationCustomers customers, CancellationToken cancellationToken)
    {
        switch (customers.Kind)
        {
            case SimulationCustomerFilterKind.Explicit:
                var set = customers.CustomerIds.ToHashSet();
                return set.Contains;
            case SimulationCustomerFilterKind.Sample:
                var (fraction, seed) = (customers.Fraction, customers.Seed);
                return id => Sampling.Keeps(id, seed, fraction);
            case SimulationCustomerFilterKind.Segment:
                var segmentation = _services.GetRequiredService<SegmentationManager>();
                var members = new HashSet<CustomerId>();
                CustomerId? after = null;
                while (true)
                {
                    var page = await segmentation.ListCustomersAsync(customers.Segment!, after, _options.PageSize, cancellationToken).ConfigureAwait(false);
                    members.UnionWith(page);
                    if (page.Count < _options.PageSize)
                    {
                        break;
                    }

                    after = page[^1];
                }

                return members.Contains;
            default:
                return _ => true;
        }
    }

    private IReadOnlyList<string> Assumptions(HostSetup host)
    {
        var list = new List<string>
        {
            "The state at the start of the period is rebuilt by replaying the journal before it under the baseline's rules (the rules in force now).",
            "Purchases are replayed by purchase instant and refunds at their own instant, with the clock set to each fact's instant.",
            "Only the installed packages' handlers run; the host's own handlers and event sinks are not called.",
        };
        if (host.Points is not null)
        {
            list.Add("Points redemptions and manual adjustments are not journal facts and are not replayed: points redeemed are 0, and balances hold every point earned and not expired.");
        }

        if (host.Coupons is not null)
        {
            list.Add("Coupons the host issued and customers reserved at the till are not journal facts: the replay issues and counts only the coupons the packages issue themselves (tier benefits, win-back), and re-evaluates no basket; historic discounts stay as paid.");
        }

        list.Add(_options.RunMonthlyJobs
            ? "Points expiry, tier reviews and tier benefits run at the start of each local month; a churn run and a segmentation run are made at the period's end."
            : "No periodic job runs during the replay (SimulationOptions.RunMonthlyJobs is off); a churn run and a segmentation run are made at the period's end.");
        return list;
    }
}
