using System.Globalization;
using Crm.Churn.Internal;
using Crm.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Churn;

/// <summary>
/// Notices customers drifting away and starts win-back: assesses each customer from cadence, frequency drop, the fitted
/// BG/NBD model and unresolved feedback; ranks them by value at risk; runs the policy's win-back actions on consented
/// channels with a cool-down, once per level per episode; and marks a purchase within the window as won back.
/// </summary>
/// <remarks>
/// <para>Population work is a job the host schedules: <see cref="RunAsync"/> fits the models (<see cref="FitModelAsync"/>)
/// and then streams customers in pages of <see cref="ChurnOptions.PageSize"/>, reporting progress, with memory bounded by
/// one page plus one customer's journal. Purchases reach it through the front door at <see cref="CrmHandlerOrder.Signals"/>.</para>
/// <para>The fitted models are kept in this instance (<see cref="Model"/>); a host that runs several processes fits in
/// each or hands a fit around with <see cref="UseModel"/>.</para>
/// <para>Days are local days in the programme's time zone (<see cref="CrmOptions.TimeZone"/>).</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed partial class ChurnManager
{
    private readonly IChurnStore _store;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly ICrmEventSink _events;
    private readonly ICouponIssuer? _issuer;
    private readonly IStoreUnitOfWorkFactory _units;
    private readonly IClock _clock;
    private readonly ProgrammeSettings _settings;
    private readonly DateTimeZone _zone;
    private readonly Currency _currency;
    private readonly ChurnOptions _options;
    private readonly ILogger _logger;
    private ChurnModelFit? _model;

    /// <summary>Initializes a new instance of the <see cref="ChurnManager"/> class.</summary>
    /// <param name="store">The churn store, for reads and for assessments outside a fact.</param>
    /// <param name="activity">The activity store, for purchase dates and metrics.</param>
    /// <param name="customers">The customer store, for consents.</param>
    /// <param name="events">Where win-back events are published.</param>
    /// <param name="issuers">The coupon issuer, if any is registered.</param>
    /// <param name="units">The storage adapter's units of work, for win-back actions (the coupon and the episode together).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone, retries).</param>
    /// <param name="options">The churn settings.</param>
    /// <param name="logger">Where refused win-back coupons are logged, or <see langword="null"/> for nowhere.</param>
    /// <exception cref="OptionsValidationException">The settings or the policy are not valid.</exception>
    public ChurnManager(
        IChurnStore store,
        IActivityStore activity,
        ICustomerStore customers,
        ICrmEventSink events,
        IEnumerable<ICouponIssuer> issuers,
        IStoreUnitOfWorkFactory units,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<ChurnOptions> options,
        ILogger<ChurnManager>? logger = null)
    {
        _store = Guard.NotNull(store);
        _activity = Guard.NotNull(activity);
        _customers = Guard.NotNull(customers);
        _events = Guard.NotNull(events);
        _issuer = issuers?.LastOrDefault();
        _units = Guard.NotNull(units);
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _options = Guard.NotNull(options).Value;
        var validation = new ChurnOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ChurnOptions), validation.Failures);
        }

        _zone = _settings.Zone;
        _currency = _settings.Currency;
        _logger = logger ?? (ILogger)NullLogger<ChurnManager>.Instance;
    }

    /// <summary>Gets the churn policy.</summary>
    public ChurnPolicy Policy => _options.Policy!;

    /// <summary>Gets the models the assessments use, or <see langword="null"/> before the first fit.</summary>
    public ChurnModelFit? Model => Volatile.Read(ref _model);

    /// <summary>Uses models fitted elsewhere (another process, or a saved fit).</summary>
    /// <param name="model">The fit.</param>
    public void UseModel(ChurnModelFit model) => Volatile.Write(ref _model, Guard.NotNull(model));

    /// <summary>
    /// Fits the BG/NBD and Gamma-Gamma models on every customer with purchases, in whole local days as of an instant, and
    /// uses them from now on.
    /// </summary>
    /// <param name="asOf">The end of observation; now when <see langword="null"/>.</param>
    /// <param name="progress">Receives the number of customers read so far, after each page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The fit; a model is <see langword="null"/> when the data cannot support it, and <see cref="ChurnModelFit.PurchasesFit"/> and <see cref="ChurnModelFit.SpendFit"/> say why.</returns>
    /// <remarks><para>x is the purchase count less one, t_x the local days from the first purchase to the last, T the local days
    /// from the first purchase to <paramref name="asOf"/>; customers whose first purchase is on that day are left out. The
    /// value per purchase for Gamma-Gamma is the net spend divided by the purchase count.</para>
    /// <para>A model that cannot be fitted (nobody repeats, no drop-out, too few customers, the time limit
    /// <see cref="ChurnOptions.ModelFitTimeLimit"/> on this manager's clock, ...) does not fail the call: it is logged as a
    /// warning, and every assessment made without the BG/NBD model says so and why in a <see cref="ChurnSignal.Model"/>
    /// reason with contribution 0, while the other signals score the customer.</para></remarks>
    public async Task<ChurnModelFit> FitModelAsync(Instant? asOf = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = asOf ?? _clock.GetCurrentInstant();
        var today = now.InZone(_zone).Date;
        var summaries = new List<CustomerSummary>();
        var spend = new List<SpendSummary>();
        var gaps = new List<double>();
        await foreach (var metrics in AllMetricsAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            if (Summarize(metrics, today) is not { } summary || summary.Age <= 0)
            {
                continue;
            }

            summaries.Add(summary);
            if (summary.Frequency > 0)
            {
                gaps.Add(summary.Recency / summary.Frequency);

                // A net spend below zero (refunds beyond purchases) has no value per purchase; 0 leaves it out of the spend fit.
                spend.Add(new SpendSummary(summary.Frequency, Math.Max(0.0, (double)(metrics.NetSpend.Amount / metrics.PurchaseCount))));
            }
        }

        var limits = new ModelFitOptions { Clock = _clock, TimeLimit = _options.ModelFitTimeLimit };
        var purchases = BgNbdModel.TryFit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(summaries), limits);
        var value = GammaGammaModel.TryFit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(spend), limits);
        if (!purchases.Converged)
        {
            ChurnTelemetry.ModelFitFailures.Add(1, new KeyValuePair<string, object?>("model", "bgnbd"), new KeyValuePair<string, object?>("failure", purchases.Failure.ToString()));
            Log.ModelFitFailed(_logger, "BG/NBD", purchases.Failure, purchases.Message);
        }

        if (!value.Converged)
        {
            ChurnTelemetry.ModelFitFailures.Add(1, new KeyValuePair<string, object?>("model", "gamma-gamma"), new KeyValuePair<string, object?>("failure", value.Failure.ToString()));
            Log.ModelFitFailed(_logger, "Gamma-Gamma", value.Failure, value.Message);
        }

        double? medianGap = gaps.Count == 0 ? null : Median(gaps);
        var fit = new ChurnModelFit { Purchases = purchases.Model, Spend = value.Model, MedianGapDays = medianGap, CustomerCount = summaries.Count, FittedAt = now, PurchasesFit = purchases, SpendFit = value };
        UseModel(fit);
        return fit;
    }

    /// <summary>Assesses a customer now and saves the assessment, without any win-back action.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assessment.</returns>
    public async Task<ChurnAssessment> AssessAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var metrics = await _activity.GetMetricsAsync(customerId, cancellationToken).ConfigureAwait(false);
        return await AssessAsync(customerId, metrics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Assesses a customer now, saves the assessment, keeps the episode and runs the win-back action that is due.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assessment, the episode and what the win-back step did.</returns>
    public async Task<ChurnEvaluation> EvaluateAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var assessment = await AssessAsync(customerId, cancellationToken).ConfigureAwait(false);
        return await WinBackAsync(assessment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Assesses a customer with the metrics just read and saves the assessment.</summary>
    private async Task<ChurnAssessment> AssessAsync(CustomerId customerId, CustomerMetrics? metrics, CancellationToken cancellationToken)
    {
        var assessment = await ComputeAsync(customerId, metrics, _clock.GetCurrentInstant(), _store, _activity, cancellationToken).ConfigureAwait(false);
        await _store.SaveAssessmentAsync(assessment, cancellationToken).ConfigureAwait(false);
        return assessment;
    }

    /// <summary>
    /// Runs over the whole population: refits the models (unless <see cref="ChurnOptions.RefitModelOnRun"/> is off), then
    /// evaluates every customer with activity, page by page. Repeating a run is safe: actions are idempotent per episode
    /// and level and respect the cool-down.
    /// </summary>
    /// <param name="progress">Receives the number of customers evaluated so far, after each page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What the run did.</returns>
    /// <remarks>
    /// A page of customers (<see cref="ChurnOptions.PageSize"/>) is one unit of work: its assessments, episodes and win-back
    /// coupons commit together (on SQLite one transaction a page instead of two a customer). A page whose commit meets
    /// another writer (a purchase ending an episode, a coupon budget spent meanwhile) is evaluated again customer by
    /// customer, each in a unit of its own, so one busy customer never fails the run. The pages committed before a
    /// cancellation stay.
    /// </remarks>
    public async Task<ChurnRunResult> RunAsync(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var span = ChurnTelemetry.Source.StartActivity("crm.churn.run");
        if (_options.RefitModelOnRun || Model is null)
        {
            await FitModelAsync(null, null, cancellationToken).ConfigureAwait(false);
        }

        var tally = new RunTally();
        CustomerId? after = null;
        while (true)
        {
            var page = await _activity.ListMetricsAsync(after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            // The page's metrics were read just now: the assessments use them instead of reading them again.
            var evaluated = await EvaluatePageAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var (evaluation, raised) in evaluated)
            {
                await SettleAsync(evaluation, raised, cancellationToken).ConfigureAwait(false);
                tally.Add(evaluation);
            }

            after = page[^1].CustomerId;
            progress?.Report(tally.Visited);
        }

        return tally.ToResult();
    }

    /// <summary>Gets a page of customers at risk, ranked by value at risk (latest assessments).</summary>
    /// <param name="skip">How many to skip.</param>
    /// <param name="take">How many to return, 1 to 1,000.</param>
    /// <param name="minimumLevel">The lowest level to include.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Assessments in descending value at risk.</returns>
    public Task<IReadOnlyList<ChurnAssessment>> GetAtRiskAsync(int skip, int take, ChurnLevel minimumLevel = ChurnLevel.Watch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 1000);
        return _store.ListByValueAtRiskAsync(minimumLevel, skip, take, cancellationToken);
    }

    /// <summary>Gets a customer's latest saved assessment.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assessment, or <see langword="null"/> when the customer was never assessed.</returns>
    public Task<ChurnAssessment?> GetAssessmentAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _store.FindAssessmentAsync(Guard.Customer(customerId), cancellationToken);

    /// <summary>Records feedback the host received (a complaint), idempotently by its id.</summary>
    /// <param name="feedback">The feedback.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when recorded now; <see langword="false"/> when it was recorded before.</returns>
    /// <exception cref="CrmValidationException">The id is empty (<see cref="ChurnErrorCodes.FeedbackInvalid"/>), or the id was used for another customer (<see cref="ChurnErrorCodes.FeedbackIdReused"/>).</exception>
    public async Task<bool> RecordFeedbackAsync(ChurnFeedback feedback, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(feedback);
        if (string.IsNullOrWhiteSpace(feedback.Id))
        {
            throw new CrmValidationException(ChurnErrorCodes.FeedbackInvalid, "id", "Feedback needs an id.");
        }

        if (feedback.CustomerId.IsDefault)
        {
            throw new CrmValidationException(ChurnErrorCodes.FeedbackInvalid, "customerId", "Feedback needs a customer.");
        }

        var (stored, added) = await _store.AddFeedbackAsync(feedback, cancellationToken).ConfigureAwait(false);
        if (!added && stored.CustomerId != feedback.CustomerId)
        {
            throw new CrmValidationException(ChurnErrorCodes.FeedbackIdReused, "id", $"Feedback id '{feedback.Id}' was recorded for another customer.");
        }

        return added;
    }

    /// <summary>Marks feedback resolved now; it no longer raises the risk.</summary>
    /// <param name="feedbackId">The feedback's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when it was open; <see langword="false"/> when unknown or already resolved.</returns>
    public Task<bool> ResolveFeedbackAsync(string feedbackId, CancellationToken cancellationToken = default) =>
        _store.ResolveFeedbackAsync(Guard.NotNullOrWhiteSpace(feedbackId), _clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reports the win-back rate over episodes whose first action ran in a period.</summary>
    /// <param name="from">The start (inclusive).</param>
    /// <param name="to">The end (exclusive).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The counts and the rate over decided episodes.</returns>
    public async Task<WinBackReport> GetWinBackReportAsync(Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var window = Duration.FromDays(Policy.WinBack.WonBackWithinDays);
        int acted = 0, won = 0, pending = 0;
        var episodes = KeysetPaging.ReadAllAsync<ChurnEpisode, (CustomerId Customer, int Number)>(
            (after, limit, ct) => _store.ListEpisodesAsync(after?.Customer, after?.Number ?? 0, limit, ct), e => (e.CustomerId, e.Number), _options.PageSize, null, cancellationToken);
        await foreach (var episode in episodes.ConfigureAwait(false))
        {
            if (episode.FirstActionAt is not { } first || first < from || first >= to)
            {
                continue;
            }

            acted++;
            if (episode.Outcome == ChurnEpisodeOutcome.WonBack)
            {
                won++;
            }
            else if (episode.IsOpen && now <= first + window)
            {
                pending++;
            }
        }

        var decided = acted - pending;
        return new WinBackReport { From = from, To = to, EpisodesActedOn = acted, WonBack = won, StillInWindow = pending, Rate = decided == 0 ? 0 : (double)won / decided };
    }

    /// <summary>Ends the customer's open episode on a purchase (won back or returned), and re-assesses a customer who was at risk, in the purchase's unit of work.</summary>
    /// <returns>The episode the purchase ended, or <see langword="null"/>; on a replay, the episode the first recording ended.</returns>
    internal async Task<ChurnEpisode?> OnPurchaseAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        var customerId = context.Entry.CustomerId;
        var purchasedAt = context.Entry.PurchasedAt;
        var store = context.UnitOfWork.GetStore<IChurnStore>();

        // An episode is only ever started after the customer's assessment was saved (see WinBackAsync), so a customer never
        // assessed has no episode to end: one read for most purchases.
        var assessment = await store.FindAssessmentAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (assessment is null)
        {
            return null;
        }

        var episode = await store.FindLatestEpisodeAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (context.IsReplay)
        {
            return episode is { IsOpen: false } && episode.EndedAt == purchasedAt ? episode : null;
        }

        ChurnEpisode? ended = null;
        if (episode is { IsOpen: true } && purchasedAt >= episode.StartedAt)
        {
            var wonBack = episode.FirstActionAt is { } first && purchasedAt >= first && purchasedAt <= first + Duration.FromDays(Policy.WinBack.WonBackWithinDays);
            ended = await store.SaveEpisodeAsync(episode with { Outcome = wonBack ? ChurnEpisodeOutcome.WonBack : ChurnEpisodeOutcome.Returned, EndedAt = purchasedAt }, episode.Version, cancellationToken).ConfigureAwait(false);
            if (wonBack)
            {
                ChurnTelemetry.WonBack.Add(1);
            }
        }

        if (assessment.Level > ChurnLevel.None)
        {
            // The purchase's own metrics are on the context; its entry is not in the store before the commit, so its instant is added.
            var now = _clock.GetCurrentInstant();
            var reassessed = await ComputeAsync(customerId, context.Metrics, now, store, context.UnitOfWork.GetStore<IActivityStore>(), cancellationToken, purchasedAt).ConfigureAwait(false);
            await store.SaveAssessmentAsync(reassessed, cancellationToken).ConfigureAwait(false);
        }

        return ended;
    }

    /// <summary>Runs the win-back step for an assessment as a unit of work of its own: the action's coupon and the episode commit together; read and decided again on a conflict.</summary>
    private async Task<ChurnEvaluation> WinBackAsync(ChurnAssessment assessment, CancellationToken cancellationToken)
    {
        var (evaluation, raised) = await WinBackOnlyAsync(assessment, cancellationToken).ConfigureAwait(false);
        await SettleAsync(evaluation, raised, cancellationToken).ConfigureAwait(false);
        return evaluation;
    }

    /// <summary>
    /// Assesses a page of customers and runs their win-back steps in one unit of work; when its commit meets another writer,
    /// each customer of the page is assessed and acted on again in a unit of their own.
    /// </summary>
    private async Task<List<(ChurnEvaluation Evaluation, WinBackEvent? Raised)>> EvaluatePageAsync(IReadOnlyList<CustomerMetrics> page, CancellationToken cancellationToken)
    {
        try
        {
            await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
            await unit.PrefetchAsync(new StorePrefetch { Customers = [.. page.Select(m => m.CustomerId)] }, cancellationToken).ConfigureAwait(false);
            var store = unit.GetStore<IChurnStore>();
            var activity = unit.GetStore<IActivityStore>();
            var evaluated = new List<(ChurnEvaluation, WinBackEvent?)>(page.Count);
            foreach (var metrics in page)
            {
                var assessment = await ComputeAsync(metrics.CustomerId, metrics, _clock.GetCurrentInstant(), store, activity, cancellationToken).ConfigureAwait(false);
                await store.SaveAssessmentAsync(assessment, cancellationToken).ConfigureAwait(false);
                evaluated.Add(await WinBackInAsync(unit, assessment, cancellationToken).ConfigureAwait(false));
            }

            await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
            return evaluated;
        }
        catch (CrmConcurrencyException)
        {
            // Nothing of the page was applied. One customer at a time, each read again: a conflict then costs one retry of
            // one customer, and a budget spent meanwhile is refused with its reason instead of failing the page again.
            ChurnTelemetry.Retries.Add(1);
            var evaluated = new List<(ChurnEvaluation, WinBackEvent?)>(page.Count);
            foreach (var metrics in page)
            {
                var assessment = await AssessAsync(metrics.CustomerId, metrics, cancellationToken).ConfigureAwait(false);
                evaluated.Add(await WinBackOnlyAsync(assessment, cancellationToken).ConfigureAwait(false));
            }

            return evaluated;
        }
    }

    /// <summary>The win-back step in a unit of its own, retried on a conflict; what it raised is settled by the caller.</summary>
    private Task<(ChurnEvaluation Evaluation, WinBackEvent? Raised)> WinBackOnlyAsync(ChurnAssessment assessment, CancellationToken cancellationToken) =>
        _settings.Retry.RunAsync(
            async _ =>
            {
                await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
                var result = await WinBackInAsync(unit, assessment, cancellationToken).ConfigureAwait(false);
                await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            },
            ChurnTelemetry.Retries,
            cancellationToken);

    /// <summary>Publishes what a committed win-back step raised and reports a refused coupon, once the unit is settled (a retried unit would report one refusal twice).</summary>
    private async Task SettleAsync(ChurnEvaluation evaluation, WinBackEvent? raised, CancellationToken cancellationToken)
    {
        if (raised is not null)
        {
            ChurnTelemetry.WinBackActions.Add(1);
            await _events.PublishAsync(raised, cancellationToken).ConfigureAwait(false);
        }

        if (evaluation is { WinBack: WinBackStatus.IssueFailed, Action: { } action })
        {
            ChurnTelemetry.WinBackIssueFailures.Add(1, new KeyValuePair<string, object?>("level", action.Level.ToString()), new KeyValuePair<string, object?>("template", action.CouponTemplateId));
            Log.WinBackCouponRefused(_logger, action.CouponTemplateId ?? string.Empty, action.Level, evaluation.Assessment.CustomerId.ToString(), evaluation.IssueFailureReason ?? "no reason given");
        }
    }

    /// <summary>The counts of a run.</summary>
    private sealed class RunTally
    {
        private int _watch, _warning, _critical, _taken, _cooling, _noConsent, _issueFailed;

        public int Visited { get; private set; }

        public void Add(ChurnEvaluation evaluation)
        {
            Visited++;
            switch (evaluation.Assessment.Level)
            {
                case ChurnLevel.Watch: _watch++; break;
                case ChurnLevel.Warning: _warning++; break;
                case ChurnLevel.Critical: _critical++; break;
            }

            switch (evaluation.WinBack)
            {
                case WinBackStatus.ActionTaken: _taken++; break;
                case WinBackStatus.CoolingDown: _cooling++; break;
                case WinBackStatus.NoConsent: _noConsent++; break;
                case WinBackStatus.IssueFailed: _issueFailed++; break;
            }
        }

        public ChurnRunResult ToResult() => new ChurnRunResult { CustomersVisited = Visited, Watch = _watch, Warning = _warning, Critical = _critical, ActionsTaken = _taken, SkippedCoolingDown = _cooling, SkippedNoConsent = _noConsent, IssueFailed = _issueFailed };
    }

    private async Task<(ChurnEvaluation Evaluation, WinBackEvent? Raised)> WinBackInAsync(IStoreUnitOfWork unit, ChurnAssessment assessment, CancellationToken cancellationToken)
    {
        var store = unit.GetStore<IChurnStore>();
        var now = assessment.AssessedAt;
        var level = assessment.Level;
        var latest = await store.FindLatestEpisodeAsync(assessment.CustomerId, cancellationToken).ConfigureAwait(false);
        var open = latest is { IsOpen: true } ? latest : null;
        if (level == ChurnLevel.None)
        {
            return (new ChurnEvaluation { Assessment = assessment, Episode = open, WinBack = WinBackStatus.None, Action = null }, null);
        }

        var episode = open is null
            ? new ChurnEpisode
            {
                CustomerId = assessment.CustomerId,
                Number = (latest?.Number ?? 0) + 1,
                StartedAt = now,
                HighestLevel = level,

                // The cool-down runs across episodes.
                LastActionAt = latest?.LastActionAt,
            }
            : open with { HighestLevel = level > open.HighestLevel ? level : open.HighestLevel };

        // The action of the highest level reached; once it ran, lower levels' actions are not sent after it.
        var action = Policy.WinBack.Actions.Where(a => a.Level <= level).MaxBy(a => a.Level);
        var status = WinBackStatus.None;
        WinBackEvent? raised = null;
        IReadOnlyList<ContactDecision> contact = [];
        if (action is null)
        {
            status = WinBackStatus.None;
        }
        else if (episode.ActedLevels.Any(acted => acted >= action.Level))
        {
            status = WinBackStatus.Replayed;
        }
        else if (episode.LastActionAt is { } last && now < last + Duration.FromDays(Policy.WinBack.CoolDownDays))
        {
            status = WinBackStatus.CoolingDown;
        }
        else
        {
            // A win-back offer is marketing: each of the action's channels needs its own consent, decided as every sending path decides.
            contact = await ContactPolicy.DecideEachAsync(unit.GetStore<ICustomerStore>(), unit.GetStore<IConsentStore>(), assessment.CustomerId, ConsentPurpose.Marketing, action.Channels, _clock.GetCurrentInstant(), _settings.Culture, cancellationToken).ConfigureAwait(false);
            var channels = contact.Where(d => d.IsAllowed).Aggregate(ContactChannels.None, (all, d) => all | d.Channel);
            if (channels == ContactChannels.None)
            {
                status = WinBackStatus.NoConsent;
            }
            else
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"churn:{assessment.CustomerId}:{episode.Number}:{action.Level.ToString().ToLowerInvariant()}");
                string? couponId = null;
                if (action.Kind == WinBackActionKind.Coupon && _issuer is not null)
                {
                    // Issued in the same unit as the episode that records the action: both, or neither.
                    var issued = await _issuer.IssueCouponAsync(new CouponIssueRequest(assessment.CustomerId, action.CouponTemplateId!, CouponIssueReason.WinBack, key), unit, cancellationToken).ConfigureAwait(false);
                    if (!issued.Succeeded)
                    {
                        return (new ChurnEvaluation { Assessment = assessment, Episode = open, WinBack = WinBackStatus.IssueFailed, Action = action, IssueFailureReason = issued.Reason, Contact = contact }, null);
                    }

                    couponId = issued.CouponId;
                }

                raised = new WinBackEvent(assessment.CustomerId, now, key, action.Level, channels, action.CouponTemplateId, couponId, action.MessageTemplateId);
                episode = episode with
                {
                    ActedLevels = [.. episode.ActedLevels.Append(action.Level).Order()],
                    FirstActionAt = episode.FirstActionAt ?? now,
                    LastActionAt = now,
                };
                status = WinBackStatus.ActionTaken;
            }
        }

        var saved = episode;
        if (open is null || !EpisodeEquals(open, episode))
        {
            saved = await store.SaveEpisodeAsync(episode, open?.Version ?? 0, cancellationToken).ConfigureAwait(false);
        }

        return (new ChurnEvaluation { Assessment = assessment, Episode = saved, WinBack = status, Action = action, Contact = contact }, raised);
    }

    private static bool EpisodeEquals(ChurnEpisode a, ChurnEpisode b) =>
        a.HighestLevel == b.HighestLevel && a.ActedLevels.SequenceEqual(b.ActedLevels) && a.LastActionAt == b.LastActionAt
        && a.FirstActionAt == b.FirstActionAt && a.Outcome == b.Outcome;

    /// <summary>
    /// Assesses a customer from their metrics, their purchase days of the look-back and their feedback, reading through the
    /// given stores; <paramref name="pendingPurchase"/> is the instant of a purchase being recorded (not yet in the store, its
    /// metrics already in <paramref name="metrics"/>), whose day counts too.
    /// </summary>
    private async Task<ChurnAssessment> ComputeAsync(CustomerId customerId, CustomerMetrics? metrics, Instant now, IChurnStore store, IActivityStore activity, CancellationToken cancellationToken, Instant? pendingPurchase = null)
    {
        ChurnTelemetry.Assessments.Add(1);
        var zero = Money.Zero(_currency);
        var feedback = await store.GetFeedbackAsync(customerId, cancellationToken).ConfigureAwait(false);
        var policy = Policy;
        var today = now.InZone(_zone).Date;
        var reasons = new List<ChurnReason>();

        // One assessment is in one culture: read once, as the assessment is saved with its texts.
        var culture = _settings.Culture;
        var texts = TextCatalog.Package;

        var open = feedback.Where(f => f.IsNegative && f.ResolvedAt is null && f.ReportedAt <= now).ToList();
        if (open.Count > 0 && policy.Feedback.Weight > 0)
        {
            var oldest = open.Min(f => f.ReportedAt).InZone(_zone).Date;
            reasons.Add(new ChurnReason { Signal = ChurnSignal.Feedback, Strength = 1.0, Contribution = policy.Feedback.Weight, Value = open.Count, Threshold = 0, Message = texts.Format(culture, open.Count == 1 ? "Churn.Feedback.One" : "Churn.Feedback.Many", open.Count, oldest) });
        }

        var model = Model;
        var notes = ModelNotes(model, policy, culture);
        if (metrics is null || metrics.PurchaseCount == 0 || metrics.FirstPurchaseAt is null)
        {
            return Build(customerId, now, reasons, null, 0, zero, notes);
        }

        var dates = await PurchaseDatesAsync(customerId, activity, today, pendingPurchase, cancellationToken).ConfigureAwait(false);

        // Cadence: days since the last purchase day against k times the median gap between purchase days.
        var days = dates.Distinct().ToList();
        var lastDate = days[^1];
        var daysSince = Period.Between(lastDate, today, PeriodUnits.Days).Days;
        var ownGap = days.Count >= policy.Cadence.MinPurchaseDays;
        var gap = ownGap
            ? Median(days.Zip(days.Skip(1), (a, b) => (double)Period.Between(a, b, PeriodUnits.Days).Days).ToList())
            : model?.MedianGapDays ?? policy.Cadence.DefaultGapDays;
        var ratio = daysSince / gap;
        if (ratio > policy.Cadence.Multiplier)
        {
            var strength = Math.Min(1.0, ratio / (2 * policy.Cadence.Multiplier));
            reasons.Add(new ChurnReason { Signal = ChurnSignal.Cadence, Strength = strength, Contribution = strength * policy.Cadence.Weight, Value = ratio, Threshold = policy.Cadence.Multiplier, Message = texts.Format(culture, ownGap ? "Churn.Cadence.Own" : "Churn.Cadence.Population", daysSince, lastDate, ratio, gap, policy.Cadence.Multiplier) });
        }

        // Frequency drop: purchases in the latest window against the window before.
        var window = policy.FrequencyDrop.WindowDays;
        var latestStart = today.PlusDays(-window);
        var previousStart = today.PlusDays(-2 * window);
        var latest = dates.Count(d => d > latestStart && d <= today);
        var previous = dates.Count(d => d > previousStart && d <= latestStart);
        if (previous >= policy.FrequencyDrop.MinPreviousPurchases)
        {
            var drop = 100.0 * (previous - latest) / previous;
            if (drop >= policy.FrequencyDrop.MinDropPercent)
            {
                reasons.Add(new ChurnReason { Signal = ChurnSignal.FrequencyDrop, Strength = drop / 100, Contribution = drop / 100 * policy.FrequencyDrop.Weight, Value = drop, Threshold = policy.FrequencyDrop.MinDropPercent, Message = texts.Format(culture, latest == 1 ? "Churn.FrequencyDrop.One" : "Churn.FrequencyDrop.Many", latest, window, previous, drop, policy.FrequencyDrop.MinDropPercent) });
            }
        }

        // Model: 1 - P(alive) from BG/NBD, and the expected purchases over the horizon if retained.
        var horizon = policy.Model.HorizonDays;
        // A first purchase after today's local date (allowed clock skew around midnight) counts as age 0.
        var summary = Summarize(metrics, today) ?? new CustomerSummary(0, 0, 0);
        double? alive = null;
        double ifRetained;
        if (model?.Purchases is { } bgnbd && summary.Age > 0)
        {
            var p = bgnbd.ProbabilityAlive(summary);
            alive = p;
            ifRetained = p > 0 ? bgnbd.ExpectedPurchases(summary, horizon) / p : 0;
            if (1 - p > 0 && policy.Model.Weight > 0)
            {
                reasons.Add(new ChurnReason { Signal = ChurnSignal.Model, Strength = 1 - p, Contribution = (1 - p) * policy.Model.Weight, Value = 1 - p, Threshold = 0, Message = texts.Format(culture, "Churn.Model", p, summary.Frequency, summary.Recency, summary.Age) });
            }
        }
        else
        {
            // Without the model: the customer's own rate, or one purchase per gap.
            ifRetained = summary.Frequency > 0 && summary.Recency > 0 ? summary.Frequency / summary.Recency * horizon : horizon / gap;
        }

        var average = Math.Max(0.0, (double)(metrics.NetSpend.Amount / metrics.PurchaseCount));
        var perPurchase = model?.Spend is { } spend && summary.Frequency > 0 ? spend.ExpectedAverageValue(new SpendSummary(summary.Frequency, average)) : average;
        if (!double.IsFinite(perPurchase) || perPurchase < 0)
        {
            // A spend model with q near 1 has no finite mean: fall back to the customer's own average.
            perPurchase = average;
        }

        var futureAmount = ifRetained * perPurchase;
        var future = new Money(double.IsFinite(futureAmount) && futureAmount is >= 0 and < 1e15 ? (decimal)futureAmount : 0m, _currency).Round();
        return Build(customerId, now, reasons, alive, ifRetained, future, notes);
    }

    /// <summary>
    /// The reasons, with contribution 0, that say what of the models an assessment goes without (and the policy weighs the
    /// model signal): no model fitted yet, a purchase model that could not be fitted, or beside a purchase model a spend
    /// model that could not be fitted. A fallback to the other signals or to the customer's own average spend is never silent.
    /// </summary>
    /// <remarks>The fit's own message (<see cref="ModelFitResult{TModel}.Message"/>) is a diagnostic and stays English; its failure kind is translated.</remarks>
    private static List<ChurnReason> ModelNotes(ChurnModelFit? model, ChurnPolicy policy, CultureInfo culture)
    {
        var texts = TextCatalog.Package;
        var notes = new List<ChurnReason>();
        if (policy.Model.Weight <= 0)
        {
            return notes;
        }

        if (model is null)
        {
            notes.Add(new ChurnReason { Signal = ChurnSignal.Model, Strength = 0, Contribution = 0, Value = 0, Threshold = 0, Message = texts.Get(culture, "Churn.Note.NotFitted") });
            return notes;
        }

        if (model.Purchases is null)
        {
            var message = model.PurchasesFit is { Converged: false } failed
                ? texts.Format(culture, "Churn.Note.PurchasesFitFailed", texts.Get(culture, "ModelFitFailure." + failed.Failure), failed.Message)
                : texts.Get(culture, "Churn.Note.NoPurchaseModel");
            notes.Add(new ChurnReason { Signal = ChurnSignal.Model, Strength = 0, Contribution = 0, Value = 0, Threshold = 0, Message = message });
        }

        // Without a purchase model the future value is the customer's own rate times their own average anyway.
        else if (model.SpendFit is { Converged: false } spendFailed)
        {
            notes.Add(new ChurnReason { Signal = ChurnSignal.Model, Strength = 0, Contribution = 0, Value = 0, Threshold = 0, Message = texts.Format(culture, "Churn.Note.SpendFitFailed", texts.Get(culture, "ModelFitFailure." + spendFailed.Failure), spendFailed.Message) });
        }

        return notes;
    }

    private ChurnAssessment Build(CustomerId customerId, Instant now, List<ChurnReason> reasons, double? alive, double ifRetained, Money future, List<ChurnReason> notes)
    {
        var keep = 1.0;
        foreach (var reason in reasons)
        {
            keep *= 1 - reason.Contribution;
        }

        var score = Math.Clamp(1 - keep, 0, 1);
        return new ChurnAssessment
        {
            CustomerId = customerId,
            AssessedAt = now,
            Score = score,
            Level = Policy.Levels.LevelOf(score),
            Reasons = [.. reasons.Where(r => r.Contribution > 0).OrderByDescending(r => r.Contribution).ThenBy(r => r.Signal), .. notes],
            ProbabilityAlive = alive,
            ExpectedPurchasesIfRetained = ifRetained,
            FutureValue = future,
            ValueAtRisk = new Money(future.Amount * (decimal)score, _currency).Round(),
        };
    }

    /// <summary>The local days of the customer's purchases over the look-back (the cadence's, or two frequency windows when longer), sorted.</summary>
    private async Task<List<LocalDate>> PurchaseDatesAsync(CustomerId customerId, IActivityStore activity, LocalDate today, Instant? pendingPurchase, CancellationToken cancellationToken)
    {
        var days = Math.Max(Policy.Cadence.LookbackDays, 2 * Policy.FrequencyDrop.WindowDays);
        var from = today.PlusDays(-days).AtStartOfDayInZone(_zone).ToInstant();
        var instants = await activity.GetPurchaseInstantsAsync(customerId, from, Instant.MaxValue, cancellationToken).ConfigureAwait(false);
        var dates = instants.Select(i => i.InZone(_zone).Date).ToList();
        if (pendingPurchase is { } pending && pending >= from)
        {
            dates.Add(pending.InZone(_zone).Date);
        }

        dates.Sort();
        return dates;
    }

    private CustomerSummary? Summarize(CustomerMetrics metrics, LocalDate today)
    {
        if (metrics.PurchaseCount == 0 || metrics.FirstPurchaseAt is not { } first || metrics.LastPurchaseAt is not { } last)
        {
            return null;
        }

        var firstDate = first.InZone(_zone).Date;
        var age = Period.Between(firstDate, today, PeriodUnits.Days).Days;
        if (age < 0)
        {
            return null;
        }

        var x = metrics.PurchaseCount - 1;
        var recency = x == 0 ? 0 : Math.Min(age, Period.Between(firstDate, last.InZone(_zone).Date, PeriodUnits.Days).Days);
        return new CustomerSummary(x, recency, age);
    }

    private IAsyncEnumerable<CustomerMetrics> AllMetricsAsync(IProgress<int>? progress, CancellationToken cancellationToken) =>
        KeysetPaging.ReadAllAsync<CustomerMetrics, CustomerId>((after, limit, ct) => _activity.ListMetricsAsync(after, limit, ct), m => m.CustomerId, _options.PageSize, progress, cancellationToken);

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The {Model} model could not be fitted ({Failure}): {FitMessage} Assessments go on without it.")]
        public static partial void ModelFitFailed(ILogger logger, string model, ModelFitFailure failure, string fitMessage);

        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The coupon issuer refused the win-back coupon (template {TemplateId}) of level {Level} for customer {CustomerId}: {IssuerReason}. No action ran; the next evaluation tries again.")]
        public static partial void WinBackCouponRefused(ILogger logger, string templateId, ChurnLevel level, string customerId, string issuerReason);
    }
}
