using System.Collections.Concurrent;
using System.Diagnostics;
using Crm.Baskets.Internal;
using Crm.Internal;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Baskets;

/// <summary>
/// Mines association rules from the journal into versioned models, answers bundle and placement queries, and recommends
/// items to a customer with an explanation for each.
/// </summary>
/// <remarks>
/// <para>Mining (<see cref="MineAsync"/>) streams the journal of a period by purchase time in pages, builds each purchase's
/// basket (lines refunded in full and excluded items left out) and mines it with Eclat in memory: about 40 bytes per
/// basket item plus the tree, so a million baskets of ten items take a few hundred megabytes. Nothing is written until the
/// model is saved, in one write.</para>
/// <para>Recommendations (<see cref="RecommendAsync"/>) read the latest model of the scope, kept in memory for
/// <see cref="BasketOptions.ModelRefreshInterval"/>, so a recommendation for an anonymous basket asks no store.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed class BasketManager
{
    private readonly IBasketModelStore _store;
    private readonly IActivityStore _activity;
    private readonly ICustomerStore _customers;
    private readonly IConsentStore _consents;
    private readonly ICustomerSegmentProvider _segments;
    private readonly IClock _clock;
    private readonly BasketOptions _options;
    private readonly ProgrammeSettings _settings;
    private readonly ConcurrentDictionary<string, (Recommender Recommender, Instant LoadedAt)> _models = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="BasketManager"/> class.</summary>
    /// <param name="store">The model store.</param>
    /// <param name="activity">The journal.</param>
    /// <param name="customers">The customer profiles, for consent.</param>
    /// <param name="consents">The consent records, for pushes.</param>
    /// <param name="segments">The customers' segments, for segment popularity.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme's options (time zone, retries).</param>
    /// <param name="options">The package's options.</param>
    public BasketManager(
        IBasketModelStore store,
        IActivityStore activity,
        ICustomerStore customers,
        IConsentStore consents,
        ICustomerSegmentProvider segments,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<BasketOptions> options)
    {
        _store = Guard.NotNull(store);
        _activity = Guard.NotNull(activity);
        _customers = Guard.NotNull(customers);
        _consents = Guard.NotNull(consents);
        _segments = Guard.NotNull(segments);
        _clock = Guard.NotNull(clock);
        _settings = ProgrammeSettings.From(crmOptions);
        _options = Guard.NotNull(options).Value;
    }

    internal BasketPolicy Policy => _options.Policy;

    /// <summary>
    /// Mines the purchases of a period into a new model version of the scope and saves it; when the latest saved version
    /// already holds exactly this result (a repeated call over an unchanged journal), returns it and saves nothing.
    /// </summary>
    /// <param name="request">The period, scope and store.</param>
    /// <param name="progress">Receives how far the journal has been read after each page, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the mining; nothing is saved when it is cancelled.</param>
    /// <returns>The model saved (or found).</returns>
    /// <exception cref="CrmValidationException">The request is malformed (<see cref="BasketErrorCodes.RequestInvalid"/>).</exception>
    public async Task<BasketModel> MineAsync(BasketMiningRequest request, IProgress<BasketMiningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        Guard.Key(request.Scope, BasketErrorCodes.RequestInvalid, "scope");
        if (request.StoreId is not null)
        {
            Guard.Key(request.StoreId, BasketErrorCodes.RequestInvalid, "storeId");
        }

        if (request.To < request.From)
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "to", $"The period ends ({request.To}) before it starts ({request.From}).");
        }

        using var span = BasketTelemetry.Source.StartActivity("crm.baskets.mine");
        span?.SetTag("crm.baskets.scope", request.Scope);
        var policy = Policy;
        var assembler = new BasketAssembler(policy);
        var pages = progress is null ? null : new PageProgress(read => progress.Report(new BasketMiningProgress(read, assembler.Baskets.Count)));
        await foreach (var entry in KeysetPaging.ReadAllAsync<ActivityEntry, JournalPosition>(
            (after, limit, token) => _activity.ListEntriesAsync(request.From, request.To, after, limit, request.StoreId, token),
            JournalPosition.Of,
            _options.PageSize,
            pages,
            cancellationToken).ConfigureAwait(false))
        {
            assembler.Add(entry);
        }

        assembler.Flush();
        var mined = BasketMiner.MineEncoded(assembler.Baskets, assembler.Items, policy.Mining, cancellationToken);
        var segments = await SegmentPopularityAsync(assembler, policy.Recommendations, cancellationToken).ConfigureAwait(false);
        BasketTelemetry.BasketsMined.Add(mined.BasketCount);
        span?.SetTag("crm.baskets.baskets", mined.BasketCount);
        span?.SetTag("crm.baskets.rules", mined.Rules.Count);

        var model = await _settings.Retry.RunAsync(
            async _ =>
            {
                var latest = await _store.FindAsync(request.Scope, null, cancellationToken).ConfigureAwait(false);
                var candidate = new BasketModel
                {
                    Scope = request.Scope,
                    Version = (latest?.Version ?? 0) + 1,
                    MinedAt = _clock.GetCurrentInstant(),
                    From = request.From,
                    To = request.To,
                    StoreId = request.StoreId,
                    Level = policy.Level,
                    Parameters = policy.Mining,
                    BasketCount = mined.BasketCount,
                    Items = mined.Items,
                    Rules = mined.Rules,
                    Segments = segments,
                };
                if (latest is not null && SameContent(latest, candidate))
                {
                    return latest;
                }

                await _store.SaveAsync(candidate, cancellationToken).ConfigureAwait(false);
                BasketTelemetry.ModelsSaved.Add(1);
                return candidate;
            },
            null,
            cancellationToken).ConfigureAwait(false);
        _models[model.Scope] = (new Recommender(model), _clock.GetCurrentInstant());
        return model;
    }

    /// <summary>Gets the latest model of a scope, as kept in memory for <see cref="BasketOptions.ModelRefreshInterval"/>.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The model, or <see langword="null"/> when none was mined for the scope.</returns>
    public async Task<BasketModel?> GetModelAsync(string scope = "all", CancellationToken cancellationToken = default) =>
        (await RecommenderAsync(scope, cancellationToken).ConfigureAwait(false))?.Model;

    /// <summary>Reads a page of a model's rules, for bundles and placement: the top rules of a category or an item by lift or leverage.</summary>
    /// <param name="query">The model, filter, order and page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page.</returns>
    /// <exception cref="CrmValidationException">The query is malformed (<see cref="BasketErrorCodes.RequestInvalid"/>) or the model does not exist (<see cref="BasketErrorCodes.ModelNotFound"/>).</exception>
    public async Task<RulePage> GetRulesAsync(RuleQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        if (query.Offset < 0 || query.Limit is < 1 or > 1000 || !Enum.IsDefined(query.OrderBy))
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "limit", $"Offset {query.Offset}, limit {query.Limit}, order {query.OrderBy}: the offset cannot be negative, the limit is 1 to 1,000 and the order one of RuleOrder's.");
        }

        // The kept latest model serves its own version; an older one is read from the store.
        var latest = await GetModelAsync(query.Scope, cancellationToken).ConfigureAwait(false);
        var model = query.Version is { } version && latest?.Version != version
            ? await _store.FindAsync(query.Scope, version, cancellationToken).ConfigureAwait(false)
            : latest;
        if (model is null)
        {
            throw NotFound(query.Scope, query.Version);
        }

        var categories = model.Items.ToDictionary(i => i.Item, i => i.Category, StringComparer.Ordinal);
        bool Mentions(AssociationRule rule, Func<string, bool> test) => test(rule.Consequent) || rule.Antecedent.Any(test);
        var matching = model.Rules.Where(r =>
            (query.Item is null || Mentions(r, i => string.Equals(i, query.Item, StringComparison.Ordinal)))
            && (query.Category is null || Mentions(r, i => string.Equals(categories.GetValueOrDefault(i), query.Category, StringComparison.Ordinal))));

        // The model's order (lift, confidence, count, items) breaks ties, so every order is total and pages never overlap.
        var ordered = query.OrderBy switch
        {
            RuleOrder.Leverage => matching.OrderByDescending(r => r.Leverage),
            RuleOrder.Confidence => matching.OrderByDescending(r => r.Confidence),
            RuleOrder.Support => matching.OrderByDescending(r => r.BasketCount),
            _ => matching.OrderByDescending(r => r.Lift),
        };
        var all = ordered.ToList();
        var page = all.Skip(query.Offset).Take(query.Limit).ToList();
        var next = query.Offset + page.Count;
        return new RulePage { Rules = page, ModelVersion = model.Version, Total = all.Count, NextOffset = next < all.Count ? next : null };
    }

    /// <summary>
    /// Recommends items for a customer, a basket or both: complements of the basket by the model's rules, then the customer's
    /// repeat items that are due, then items popular in the customer's segments and overall; never an item in the basket or an
    /// excluded one, at most one per family. A push needs the customer's consent for its channel.
    /// </summary>
    /// <param name="request">The customer, basket, count, scope and channel.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The recommendations, each with its source and explanation.</returns>
    /// <exception cref="CrmValidationException">The request is malformed (<see cref="BasketErrorCodes.RequestInvalid"/>) or no model was mined for the scope (<see cref="BasketErrorCodes.ModelNotFound"/>).</exception>
    public async Task<RecommendationResult> RecommendAsync(RecommendationRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        var count = request.Count ?? Policy.Recommendations.Count;
        if (count is < 1 or > 50)
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "count", $"The count is {count}; it must be between 1 and 50.");
        }

        if (request.Basket is null)
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "basket", "The basket cannot be null; pass an empty list for none.");
        }

        foreach (var item in request.Basket)
        {
            Guard.Key(item, BasketErrorCodes.RequestInvalid, "basket");
        }

        if (request.PushChannel != ContactChannels.None && !ContactPolicy.IsSingleChannel(request.PushChannel))
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "pushChannel", $"'{request.PushChannel}' must be exactly one contact channel.");
        }

        if (request.PushChannel != ContactChannels.None && request.CustomerId is null)
        {
            throw new CrmValidationException(BasketErrorCodes.RequestInvalid, "customerId", "A push goes to a customer: give the customer whose consent it needs.");
        }

        using var span = BasketTelemetry.Source.StartActivity("crm.baskets.recommend");
        var recommender = await RecommenderAsync(request.Scope, cancellationToken).ConfigureAwait(false) ?? throw NotFound(request.Scope, null);
        var model = recommender.Model;

        // One result's explanations are in one culture; they are written only for the items taken.
        var culture = _settings.Culture;
        var texts = TextCatalog.Package;
        if (request.PushChannel != ContactChannels.None)
        {
            var contact = await ContactPolicy.DecideAsync(_customers, _consents, request.CustomerId!.Value, ConsentPurpose.Recommendations, request.PushChannel, _clock.GetCurrentInstant(), culture, cancellationToken).ConfigureAwait(false);
            if (!contact.IsAllowed)
            {
                return new RecommendationResult { Recommendations = [], ModelVersion = model.Version, WithheldForConsent = true, Contact = contact };
            }
        }

        var policy = Policy;
        var basket = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in request.Basket)
        {
            if (policy.ItemOf(entry, entry) is { } item)
            {
                basket.Add(item);
            }
        }

        var picks = new Picker(policy, basket, count);
        foreach (var rule in recommender.Complements(basket))
        {
            if (picks.Full)
            {
                break;
            }

            picks.Add(rule.Consequent, RecommendationSource.Complement, rule.Confidence, () => rule.Explain(culture), rule);
        }

        if (!picks.Full && request.CustomerId is { } customer)
        {
            foreach (var due in await DueRepeatItemsAsync(customer, policy, cancellationToken).ConfigureAwait(false))
            {
                picks.Add(due.Item, RecommendationSource.Repeat, due.Score, () => texts.Format(culture, "Recommendation.Repeat", due.MeanGap, due.Times, due.Since), null);
            }

            if (!picks.Full && model.Segments.Count > 0)
            {
                var memberOf = await _segments.GetSegmentsAsync(customer, cancellationToken).ConfigureAwait(false);
                foreach (var segment in model.Segments.Where(s => memberOf.Contains(s.Segment)))
                {
                    foreach (var item in segment.Items)
                    {
                        var share = (double)item.BasketCount / segment.BasketCount;
                        picks.Add(item.Item, RecommendationSource.SegmentPopular, share, () => texts.Format(culture, "Recommendation.SegmentPopular", share * 100, segment.Segment), null);
                    }
                }
            }
        }

        foreach (var item in model.Items)
        {
            if (picks.Full)
            {
                break;
            }

            var share = (double)item.BasketCount / model.BasketCount;
            picks.Add(item.Item, RecommendationSource.Popular, share, () => texts.Format(culture, "Recommendation.Popular", share * 100), null);
        }

        foreach (var source in picks.Chosen.GroupBy(r => r.Source))
        {
            BasketTelemetry.Recommendations.Add(source.Count(), new KeyValuePair<string, object?>("source", source.Key.ToString()));
        }

        return new RecommendationResult { Recommendations = picks.Chosen, ModelVersion = model.Version };
    }

    /// <summary>The customer's items bought on at least the minimum number of days whose time since the last purchase reached the due share of their mean gap, most overdue first.</summary>
    private async Task<List<(string Item, double Score, double MeanGap, int Times, int Since)>> DueRepeatItemsAsync(CustomerId customer, BasketPolicy policy, CancellationToken cancellationToken)
    {
        var settings = policy.Recommendations;
        var metrics = await _activity.GetMetricsAsync(customer, cancellationToken).ConfigureAwait(false);
        if (metrics is null)
        {
            return [];
        }

        var entries = await _activity.GetEntriesAsync(customer, Math.Max(0, metrics.Version - settings.RepeatHistory), settings.RepeatHistory, cancellationToken).ConfigureAwait(false);
        var days = new Dictionary<string, SortedSet<LocalDate>>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Kind == ActivityKind.Purchase))
        {
            var day = entry.OccurredAt.InZone(_settings.Zone).Date;
            foreach (var line in entry.Lines)
            {
                if (policy.ItemOf(line.Sku, line.Category) is { } item)
                {
                    if (!days.TryGetValue(item, out var set))
                    {
                        days[item] = set = [];
                    }

                    set.Add(day);
                }
            }
        }

        var today = _clock.GetCurrentInstant().InZone(_settings.Zone).Date;
        var due = new List<(string Item, double Score, double MeanGap, int Times, int Since)>();
        foreach (var (item, set) in days)
        {
            if (set.Count < settings.RepeatMinimumPurchases)
            {
                continue;
            }

            var meanGap = (double)Period.Between(set.Min, set.Max, PeriodUnits.Days).Days / (set.Count - 1);
            var since = Period.Between(set.Max, today, PeriodUnits.Days).Days;
            if (meanGap > 0 && since >= settings.RepeatDueShare * meanGap)
            {
                due.Add((item, since / meanGap, meanGap, set.Count, since));
            }
        }

        due.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Item, y.Item));
        return due;
    }

    /// <summary>Counts the items of the baskets of each named segment's members (segments read once per customer), keeping the most popular.</summary>
    private async Task<IReadOnlyList<SegmentPopularity>> SegmentPopularityAsync(BasketAssembler assembler, RecommendationSettings settings, CancellationToken cancellationToken)
    {
        if (settings.PopularSegments.Count == 0)
        {
            return [];
        }

        var counts = settings.PopularSegments.Distinct(StringComparer.Ordinal).ToDictionary(s => s, _ => (Baskets: 0, Items: new int[assembler.Items.Count]), StringComparer.Ordinal);
        var memberOf = new Dictionary<CustomerId, string[]>();
        for (var b = 0; b < assembler.Baskets.Count; b++)
        {
            var customer = assembler.Customers[b];
            if (!memberOf.TryGetValue(customer, out var segments))
            {
                var all = await _segments.GetSegmentsAsync(customer, cancellationToken).ConfigureAwait(false);
                memberOf[customer] = segments = [.. all.Where(counts.ContainsKey)];
            }

            foreach (var segment in segments)
            {
                var (baskets, items) = counts[segment];
                counts[segment] = (baskets + 1, items);
                foreach (var item in assembler.Baskets[b])
                {
                    items[item]++;
                }
            }
        }

        return [.. counts
            .Where(c => c.Value.Baskets > 0)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new SegmentPopularity(
                c.Key,
                c.Value.Baskets,
                [.. Enumerable.Range(0, assembler.Items.Count)
                    .Where(i => c.Value.Items[i] > 0)
                    .Select(i => new BasketItem(assembler.Items.Name(i), c.Value.Items[i], assembler.Items.Category(i)))
                    .OrderByDescending(i => i.BasketCount).ThenBy(i => i.Item, StringComparer.Ordinal)
                    .Take(settings.PopularItems)]))];
    }

    /// <summary>The latest model of a scope with its rule index, kept for the refresh interval; the scope is checked here, before any read, for every caller.</summary>
    private async Task<Recommender?> RecommenderAsync(string scope, CancellationToken cancellationToken)
    {
        Guard.Key(scope, BasketErrorCodes.RequestInvalid, "scope");
        var now = _clock.GetCurrentInstant();
        if (_models.TryGetValue(scope, out var kept) && now - kept.LoadedAt < _options.ModelRefreshInterval)
        {
            return kept.Recommender;
        }

        var model = await _store.FindAsync(scope, null, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return null;
        }

        var recommender = kept.Recommender?.Model.Version == model.Version ? kept.Recommender : new Recommender(model);
        _models[scope] = (recommender, now);
        return recommender;
    }

    /// <summary>Whether two models hold the same result: every field but the version and the instant mined.</summary>
    private static bool SameContent(BasketModel saved, BasketModel mined) =>
        string.Equals(CrmJson.Serialize(saved), CrmJson.Serialize(mined with { Version = saved.Version, MinedAt = saved.MinedAt }), StringComparison.Ordinal);

    private static CrmValidationException NotFound(string scope, int? version) =>
        new(BasketErrorCodes.ModelNotFound, "scope", version is null
            ? $"No basket model was mined for scope '{scope}'; call MineAsync first."
            : $"Scope '{scope}' has no model version {version}.");

    /// <summary>Reports each page at once, on the reading thread, so the basket count it reads is the one after that page.</summary>
    private sealed class PageProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Collects recommendations in order: each item once, never one in the basket or excluded, at most one per family.</summary>
    private sealed class Picker(BasketPolicy policy, IReadOnlySet<string> basket, int count)
    {
        private readonly HashSet<string> _items = new(StringComparer.Ordinal);
        private readonly HashSet<string> _families = new(StringComparer.Ordinal);

        public List<Recommendation> Chosen { get; } = [];

        public bool Full => Chosen.Count >= count;

        /// <summary>Adds the item unless it is left out; the explanation is only written for an item taken.</summary>
        public void Add(string item, RecommendationSource source, double score, Func<string> explain, AssociationRule? rule)
        {
            if (Full || basket.Contains(item) || policy.IsExcluded(item) || _items.Contains(item) || !_families.Add(policy.FamilyOf(item)))
            {
                return;
            }

            _items.Add(item);
            Chosen.Add(new Recommendation { Item = item, Source = source, Score = score, Explanation = explain(), Rule = rule });
        }
    }
}
