using Crm.Campaigns;

namespace Crm.Storage.InMemory;

/// <summary>
/// An in-memory <see cref="ICampaignStore"/>: campaigns by id; per campaign, assignments and outcomes in dictionaries by
/// customer, with the customer ids sorted on demand for paging, and a count of the assignments that use the budget.
/// </summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCampaignStore : ICampaignStore
{
    private readonly InMemoryDatabase _database;
    private readonly InMemoryUnitOfWork? _unit;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCampaignStore"/> class, whose writes apply at once.</summary>
    /// <param name="database">The database whose data the store reads and writes.</param>
    public InMemoryCampaignStore(InMemoryDatabase database)
        : this(database, null)
    {
    }

    internal InMemoryCampaignStore(InMemoryDatabase database, InMemoryUnitOfWork? unit)
    {
        _database = Internal.Guard.NotNull(database);
        _unit = unit;
    }

    private Data Store => _database.Campaigns;

    /// <inheritdoc />
    public async Task<bool> AddCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);

        // A copy through JSON, so that a caller who changes the arms list they passed cannot change the stored campaign.
        var copy = Campaign.FromJson(campaign.ToJson());
        var added = true;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                if (Store.Campaigns.ContainsKey(copy.Id))
                {
                    added = false;
                    return _unit is null ? () => { } : throw new CrmConcurrencyException($"campaign {copy.Id}", 0, 1);
                }

                Store.Campaigns.Add(copy.Id, copy);
                return () => Store.Campaigns.Remove(copy.Id);
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public Task<Campaign?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return _database.ReadAsync(() => Store.Campaigns.GetValueOrDefault(campaignId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> AddAssignmentsAsync(IReadOnlyList<CampaignAssignment> assignments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var records = assignments.Select(a => a with { Version = 1 }).ToArray();
        var added = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var done = new List<CampaignAssignment>();
                foreach (var a in records)
                {
                    var of = Store.Of(a.CampaignId);
                    if (of.Assignments.TryAdd(a.CustomerId, a))
                    {
                        of.Sorted = null;
                        of.BudgetUses += a.UsesBudget ? 1 : 0;
                        done.Add(a);
                    }
                }

                added = done.Count;
                return () =>
                {
                    foreach (var a in done)
                    {
                        var of = Store.Of(a.CampaignId);
                        of.Assignments.Remove(a.CustomerId);
                        of.Sorted = null;
                        of.BudgetUses -= a.UsesBudget ? 1 : 0;
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public Task<CampaignAssignment?> FindAssignmentAsync(string campaignId, CustomerId customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return _database.ReadAsync(() => Store.Find(campaignId)?.Assignments.GetValueOrDefault(customerId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CampaignAssignment> SaveAssignmentAsync(CampaignAssignment assignment, long expectedVersion, int? maxBudgetUses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var saved = assignment with { Version = expectedVersion + 1 };
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var of = Store.Of(saved.CampaignId);
                var before = of.Assignments.GetValueOrDefault(saved.CustomerId);
                if ((before?.Version ?? 0) != expectedVersion)
                {
                    throw new CrmConcurrencyException($"campaign assignment {saved.CampaignId}/{saved.CustomerId}", expectedVersion, before?.Version);
                }

                var uses = (saved.UsesBudget ? 1 : 0) - (before?.UsesBudget == true ? 1 : 0);
                if (uses > 0 && maxBudgetUses is { } max && of.BudgetUses + uses > max)
                {
                    // The budget is a precondition like a version: the delivery reads again and finds it used up.
                    throw new CrmConcurrencyException($"campaign budget {saved.CampaignId}", max, of.BudgetUses);
                }

                of.Assignments[saved.CustomerId] = saved;
                of.BudgetUses += uses;
                if (before is null)
                {
                    of.Sorted = null;
                }

                return () =>
                {
                    of.BudgetUses -= uses;
                    if (before is null)
                    {
                        of.Assignments.Remove(saved.CustomerId);
                        of.Sorted = null;
                    }
                    else
                    {
                        of.Assignments[saved.CustomerId] = before;
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <inheritdoc />
    public Task<int> CountBudgetUsesAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return _database.ReadAsync(() => Store.Find(campaignId)?.BudgetUses ?? 0, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignAssignment>> ListAssignmentsAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<CampaignAssignment>>(
            () => Store.Find(campaignId) is { } of ? Page(of.Assignments, of.Sorted ??= Sort(of.Assignments.Keys), after, limit) : [],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignAssignment>> ListCustomerAssignmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<CampaignAssignment>>(
            () => [.. Store.ByCampaign.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.Assignments.GetValueOrDefault(customerId)).OfType<CampaignAssignment>()],
            cancellationToken);

    /// <inheritdoc />
    public async Task<int> AddOutcomesAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var records = outcomes.ToArray();
        var added = 0;
        await _database.WriteAsync(
            _unit,
            () =>
            {
                var done = new List<CampaignOutcome>();
                foreach (var o in records)
                {
                    var of = Store.Of(o.CampaignId);
                    if (of.Outcomes.TryAdd(o.CustomerId, o))
                    {
                        of.SortedOutcomes = null;
                        done.Add(o);
                    }
                }

                added = done.Count;
                return () =>
                {
                    foreach (var o in done)
                    {
                        var of = Store.Of(o.CampaignId);
                        of.Outcomes.Remove(o.CustomerId);
                        of.SortedOutcomes = null;
                    }
                };
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignOutcome>> ListOutcomesAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.ReadAsync<IReadOnlyList<CampaignOutcome>>(
            () => Store.Find(campaignId) is { } of ? Page(of.Outcomes, of.SortedOutcomes ??= Sort(of.Outcomes.Keys), after, limit) : [],
            cancellationToken);
    }

    private static CustomerId[] Sort(IEnumerable<CustomerId> keys)
    {
        var sorted = keys.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static List<T> Page<T>(Dictionary<CustomerId, T> items, CustomerId[] sorted, CustomerId? after, int limit)
    {
        var start = 0;
        if (after is { } a)
        {
            var at = Array.BinarySearch(sorted, a);
            start = at >= 0 ? at + 1 : ~at;
        }

        var page = new List<T>(Math.Min(limit, sorted.Length - start));
        for (var i = start; i < sorted.Length && page.Count < limit; i++)
        {
            page.Add(items[sorted[i]]);
        }

        return page;
    }

    /// <summary>The campaign records of a database.</summary>
    internal sealed class Data
    {
        public Dictionary<string, Campaign> Campaigns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, OfCampaign> ByCampaign { get; } = new(StringComparer.Ordinal);

        public OfCampaign? Find(string campaignId) => ByCampaign.GetValueOrDefault(campaignId);

        public OfCampaign Of(string campaignId)
        {
            if (!ByCampaign.TryGetValue(campaignId, out var of))
            {
                ByCampaign.Add(campaignId, of = new OfCampaign());
            }

            return of;
        }
    }

    /// <summary>One campaign's assignments and outcomes; the sorted keys are rebuilt on the first page read after a change.</summary>
    internal sealed class OfCampaign
    {
        public Dictionary<CustomerId, CampaignAssignment> Assignments { get; } = [];

        public Dictionary<CustomerId, CampaignOutcome> Outcomes { get; } = [];

        public CustomerId[]? Sorted { get; set; }

        public CustomerId[]? SortedOutcomes { get; set; }

        public int BudgetUses { get; set; }
    }
}
