using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Crm.Campaigns;

namespace Crm.Storage.Relational.Stores;

/// <summary>
/// <see cref="ICampaignStore"/> in SQL: campaigns, assignments and outcomes as JSON documents with the columns they are found,
/// ordered and checked by (campaign, customer, version, budget use), and a counter per campaign of the assignments that use
/// its budget, moved by a conditional upsert so that the budget holds across tills and processes.
/// </summary>
internal sealed class SqlCampaignStore(RelationalDatabase database, RelationalUnitOfWork? unit) : RelationalStore(database, unit), ICampaignStore
{
    public async Task<bool> AddCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);

        // Outside a unit a taken id is the answer; in a unit the commit finds it and fails.
        return await TryWriteAsync(
            [new(
                "INSERT INTO crm_campaigns (campaign_id, body) VALUES (@id, @body) ON CONFLICT (campaign_id) DO NOTHING",
                [("@id", campaign.Id), ("@body", campaign.ToJson())],
                1,
                ($"campaign {campaign.Id}", 0))],
            cancellationToken).ConfigureAwait(false) is null;
    }

    public async Task<Campaign?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadAsync(session.Command("SELECT body FROM crm_campaigns WHERE campaign_id = @id", [("@id", campaignId)]), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : Campaign.FromJson(rows[0]);
    }

    public async Task<int> AddAssignmentsAsync(IReadOnlyList<CampaignAssignment> assignments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        if (assignments.Count == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }

        // The keys already there are read first, so the count is of the rows this call adds; the inserts skip them anyway.
        var existing = new HashSet<(string, string)>();
        foreach (var campaign in assignments.GroupBy(a => a.CampaignId, StringComparer.Ordinal))
        {
            foreach (var chunk in campaign.Chunk(2000))
            {
                existing.UnionWith((await ExistingAsync("crm_campaign_assignments", campaign.Key, chunk.Select(a => a.CustomerId.Value).ToArray(), cancellationToken).ConfigureAwait(false)).Select(c => (campaign.Key, c)));
            }
        }

        var writes = assignments.Select(a => a with { Version = 1 }).Select(a => new SqlWrite(
            "INSERT INTO crm_campaign_assignments (campaign_id, customer_id, version, uses_budget, body) VALUES (@campaign, @customer, 1, @uses, @body) ON CONFLICT (campaign_id, customer_id) DO NOTHING",
            [("@campaign", a.CampaignId), ("@customer", a.CustomerId.Value), ("@uses", a.UsesBudget ? 1L : 0L), ("@body", CrmJson.Serialize(a))])).ToList();
        await WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        return assignments.Count(a => !existing.Contains((a.CampaignId, a.CustomerId.Value)));
    }

    public async Task<CampaignAssignment?> FindAssignmentAsync(string campaignId, CustomerId customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadAsync(
            session.Command("SELECT body FROM crm_campaign_assignments WHERE campaign_id = @campaign AND customer_id = @customer", [("@campaign", campaignId), ("@customer", customerId.Value)]),
            r => CrmJson.Deserialize<CampaignAssignment>(r.GetString(0)),
            cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<CampaignAssignment> SaveAssignmentAsync(CampaignAssignment assignment, long expectedVersion, int? maxBudgetUses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var saved = assignment with { Version = expectedVersion + 1 };
        var entity = $"campaign assignment {saved.CampaignId}/{saved.CustomerId}";

        // The budget use this write adds: the stored row's is read (committed state); the version check makes sure the commit
        // changes that very row.
        var before = expectedVersion == 0 ? null : await FindAssignmentAsync(saved.CampaignId, saved.CustomerId, cancellationToken).ConfigureAwait(false);
        var uses = (saved.UsesBudget ? 1 : 0) - (before?.UsesBudget == true ? 1 : 0);
        var writes = new List<SqlWrite>
        {
            expectedVersion == 0
                ? new(
                    "INSERT INTO crm_campaign_assignments (campaign_id, customer_id, version, uses_budget, body) VALUES (@campaign, @customer, 1, @uses, @body) ON CONFLICT (campaign_id, customer_id) DO NOTHING",
                    [("@campaign", saved.CampaignId), ("@customer", saved.CustomerId.Value), ("@uses", saved.UsesBudget ? 1L : 0L), ("@body", CrmJson.Serialize(saved))],
                    1,
                    (entity, 0))
                : new(
                    "UPDATE crm_campaign_assignments SET version = version + 1, uses_budget = @uses, body = @body WHERE campaign_id = @campaign AND customer_id = @customer AND version = @expected",
                    [("@campaign", saved.CampaignId), ("@customer", saved.CustomerId.Value), ("@uses", saved.UsesBudget ? 1L : 0L), ("@body", CrmJson.Serialize(saved)), ("@expected", expectedVersion)],
                    1,
                    (entity, expectedVersion)),
        };
        if (uses > 0 && maxBudgetUses is <= 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new CrmConcurrencyException($"campaign budget {saved.CampaignId}", maxBudgetUses.Value, null);
        }

        if (uses > 0)
        {
            // One more use only while fewer than the budget are used: the row count is the precondition, checked at the commit.
            writes.Add(maxBudgetUses is { } max
                ? new(
                    "INSERT INTO crm_campaign_budgets (campaign_id, used) VALUES (@campaign, 1) ON CONFLICT (campaign_id) DO UPDATE SET used = crm_campaign_budgets.used + 1 WHERE crm_campaign_budgets.used < @max",
                    [("@campaign", saved.CampaignId), ("@max", (long)max)],
                    1,
                    ($"campaign budget {saved.CampaignId}", max))
                : new(
                    "INSERT INTO crm_campaign_budgets (campaign_id, used) VALUES (@campaign, 1) ON CONFLICT (campaign_id) DO UPDATE SET used = crm_campaign_budgets.used + 1",
                    [("@campaign", saved.CampaignId)]));
        }
        else if (uses < 0)
        {
            writes.Add(new("UPDATE crm_campaign_budgets SET used = used - 1 WHERE campaign_id = @campaign", [("@campaign", saved.CampaignId)]));
        }

        await WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<int> CountBudgetUsesAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return (int)await ReadLongAsync(session.Command("SELECT COUNT(*) FROM crm_campaign_assignments WHERE campaign_id = @id AND uses_budget = 1", [("@id", campaignId)]), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<CampaignAssignment>> ListAssignmentsAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default) =>
        PageAsync<CampaignAssignment>("crm_campaign_assignments", campaignId, after, limit, cancellationToken);

    public async Task<IReadOnlyList<CampaignAssignment>> ListCustomerAssignmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command("SELECT body FROM crm_campaign_assignments WHERE customer_id = @id ORDER BY campaign_id", [("@id", customerId.Value)]),
            r => CrmJson.Deserialize<CampaignAssignment>(r.GetString(0)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> AddOutcomesAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }

        var existing = new HashSet<(string, string)>();
        foreach (var campaign in outcomes.GroupBy(o => o.CampaignId, StringComparer.Ordinal))
        {
            foreach (var chunk in campaign.Chunk(2000))
            {
                existing.UnionWith((await ExistingAsync("crm_campaign_outcomes", campaign.Key, chunk.Select(o => o.CustomerId.Value).ToArray(), cancellationToken).ConfigureAwait(false)).Select(c => (campaign.Key, c)));
            }
        }

        await WriteAsync(
            [.. outcomes.Select(o => new SqlWrite(
                "INSERT INTO crm_campaign_outcomes (campaign_id, customer_id, body) VALUES (@campaign, @customer, @body) ON CONFLICT (campaign_id, customer_id) DO NOTHING",
                [("@campaign", o.CampaignId), ("@customer", o.CustomerId.Value), ("@body", CrmJson.Serialize(o))]))],
            cancellationToken).ConfigureAwait(false);
        return outcomes.Count(o => !existing.Contains((o.CampaignId, o.CustomerId.Value)));
    }

    public Task<IReadOnlyList<CampaignOutcome>> ListOutcomesAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default) =>
        PageAsync<CampaignOutcome>("crm_campaign_outcomes", campaignId, after, limit, cancellationToken);

    private async Task<List<string>> ExistingAsync(string table, string campaignId, string[] customers, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var names = new StringBuilder();
        var parameters = new List<(string, object?)> { ("@campaign", campaignId) };
        for (var i = 0; i < customers.Length; i++)
        {
            names.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"@c{i}");
            parameters.Add(($"@c{i}", customers[i]));
        }

        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(
            session.Command($"SELECT customer_id FROM {table} WHERE campaign_id = @campaign AND customer_id IN ({names})", [.. parameters]),
            r => r.GetString(0),
            cancellationToken,
            operation).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> PageAsync<T>(string table, string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        var command = after is { } a
            ? session.Command($"SELECT body FROM {table} WHERE campaign_id = @campaign AND customer_id > @after ORDER BY customer_id LIMIT @limit", [("@campaign", campaignId), ("@after", a.Value), ("@limit", (long)limit)])
            : session.Command($"SELECT body FROM {table} WHERE campaign_id = @campaign ORDER BY customer_id LIMIT @limit", [("@campaign", campaignId), ("@limit", (long)limit)]);
        return await ReadAsync(command, r => CrmJson.Deserialize<T>(r.GetString(0)), cancellationToken, operation).ConfigureAwait(false);
    }
}
