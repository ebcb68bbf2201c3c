using Crm.Campaigns.Internal;
using Crm.Internal;

namespace Crm.Campaigns;

public sealed partial class CampaignManager
{
    /// <summary>
    /// Imports assignments made elsewhere (an experiment a host migrates), so that its analysis is the same as a campaign's
    /// run here; each customer once, like <see cref="AssignAsync"/>. Every assignment is checked before any is written.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="assignments">The assignments.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were imported now and how many customers had an assignment already.</returns>
    /// <exception cref="CrmValidationException">No campaign has the id (<see cref="CampaignsErrorCodes.CampaignNotFound"/>), or an assignment names an arm the campaign does not have, a customer twice, or a status that is not final or not the arm's (<see cref="CampaignsErrorCodes.ImportInvalid"/>).</exception>
    public async Task<AssignResult> ImportAssignmentsAsync(string campaignId, IEnumerable<ExternalAssignment> assignments, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(assignments);
        var campaign = await RequireAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var records = new List<CampaignAssignment>();
        var unique = new HashSet<CustomerId>();
        var i = 0;
        foreach (var a in assignments)
        {
            var path = $"assignments[{i++}]";
            if (a is null || a.CustomerId.IsDefault || !unique.Add(a.CustomerId))
            {
                throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, path, "Each assignment needs a customer, once.");
            }

            var arm = campaign.FindArm(a.Arm ?? string.Empty) ?? throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, path + ".arm", $"Campaign '{campaign.Id}' has no arm '{a.Arm}'.");
            var fits = a.Status == CampaignDeliveryStatus.NoConsent
                || (arm.Kind == CampaignArmKind.Holdout ? a.Status == CampaignDeliveryStatus.HeldOut : a.Status == CampaignDeliveryStatus.Delivered);
            if (!fits)
            {
                throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, path + ".status", $"{a.Status} does not fit the {arm.Kind} arm '{arm.Name}': the holdout is held out, other arms delivered, and either may lack consent.");
            }

            records.Add(new CampaignAssignment
            {
                CampaignId = campaign.Id,
                CustomerId = a.CustomerId,
                Arm = arm.Name,
                AssignedAt = a.AssignedAt,
                Status = a.Status,
                DecidedAt = a.AssignedAt,
                Imported = true,
            });
        }

        var added = 0;
        foreach (var chunk in records.Chunk(_options.PageSize))
        {
            added += await _store.AddAssignmentsAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        CampaignsTelemetry.Assignments.Add(added);
        return new AssignResult { Added = added, AlreadyAssigned = records.Count - added };
    }

    /// <summary>Imports the outcomes of an experiment run elsewhere (a campaign with <see cref="CampaignOutcomeSource.Imported"/>), each customer once; every outcome is checked before any is written.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="outcomes">The outcomes; a customer with none in a counted arm is taken to have bought nothing.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were imported now (the rest were there already).</returns>
    /// <exception cref="CrmValidationException">No campaign has the id (<see cref="CampaignsErrorCodes.CampaignNotFound"/>), or the campaign measures the journal, or an outcome is for another campaign, a customer twice, negative or in another currency (<see cref="CampaignsErrorCodes.ImportInvalid"/>).</exception>
    public async Task<int> ImportOutcomesAsync(string campaignId, IEnumerable<CampaignOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(outcomes);
        var campaign = await RequireAsync(campaignId, cancellationToken).ConfigureAwait(false);
        if (campaign.Outcomes != CampaignOutcomeSource.Imported)
        {
            throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, "campaignId", $"Campaign '{campaign.Id}' is measured on the journal; only a campaign defined with \"outcomes\": \"imported\" takes imported outcomes.");
        }

        var records = new List<CampaignOutcome>();
        var unique = new HashSet<CustomerId>();
        var i = 0;
        foreach (var o in outcomes)
        {
            var path = $"outcomes[{i++}]";
            if (o is null || o.CustomerId.IsDefault || !unique.Add(o.CustomerId) || !string.Equals(o.CampaignId, campaign.Id, StringComparison.Ordinal))
            {
                throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, path, "Each outcome needs this campaign's id and a customer, once.");
            }

            if (o.Purchases < 0 || o.Revenue.IsDefault || o.DiscountCost.IsDefault || o.Revenue.IsNegative || o.DiscountCost.IsNegative
                || o.Revenue.Currency != _settings.Currency || o.DiscountCost.Currency != _settings.Currency)
            {
                throw new CrmValidationException(CampaignsErrorCodes.ImportInvalid, path, $"Purchases, revenue and discount must not be negative, and amounts must be in {_settings.Currency}.");
            }

            records.Add(o);
        }

        var added = 0;
        foreach (var chunk in records.Chunk(_options.PageSize))
        {
            added += await _store.AddOutcomesAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>
    /// Measures a campaign: per arm, the customers counted (delivered, or held out), converters, revenue, discount cost and net
    /// revenue in the attribution window; per treated arm, the uplift over the holdout with 95% confidence intervals, the minimum
    /// detectable effect and a verdict. Streams the assignments page by page. An arm with fewer customers than
    /// <see cref="CrmOptions.MinimumGroupSize"/> (but at least one) is suppressed (<see cref="ArmReport.IsSuppressed"/>), and so
    /// is every comparison it takes part in, so that a report cannot single out a person.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="progress">Receives the number of assignments read after each page, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The report; <see cref="CampaignReport.WindowClosed"/> says whether the figures are final.</returns>
    /// <exception cref="CrmValidationException">No campaign has the id (<see cref="CampaignsErrorCodes.CampaignNotFound"/>).</exception>
    public async Task<CampaignReport> MeasureAsync(string campaignId, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var campaign = await RequireAsync(campaignId, cancellationToken).ConfigureAwait(false);
        using var span = CampaignsTelemetry.Source.StartActivity("crm.campaigns.measure");
        span?.SetTag("crm.campaigns.campaign", campaign.Id);
        var window = campaign.Window(_settings.Zone);
        var measurement = new CampaignMeasurement(campaign, _settings.Currency, _settings.Culture, _settings.MinimumGroupSize);
        var outcomes = campaign.Outcomes == CampaignOutcomeSource.Imported ? await LoadOutcomesAsync(campaign.Id, cancellationToken).ConfigureAwait(false) : null;
        var discounts = campaign.Arms.Select(a => a.DiscountPerConverter?.Amount ?? 0m).ToArray();
        var read = 0;
        CustomerId? after = null;
        while (true)
        {
            var page = await _store.ListAssignmentsAsync(campaign.Id, after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var a in page)
            {
                switch (a.Status)
                {
                    case CampaignDeliveryStatus.NoConsent:
                        measurement.ExcludeNoConsent(a.ContactReason);
                        continue;
                    case CampaignDeliveryStatus.BudgetExhausted:
                        measurement.ExcludedBudget++;
                        continue;
                    case CampaignDeliveryStatus.Pending:
                        measurement.Pending++;
                        continue;
                }

                var arm = measurement.IndexOf(a.Arm);
                if (outcomes is not null)
                {
                    var o = outcomes.GetValueOrDefault(a.CustomerId);
                    measurement.Add(arm, o?.Purchases ?? 0, o?.Revenue.Amount ?? 0m, o?.DiscountCost.Amount ?? 0m);
                }
                else
                {
                    // The window's end is exclusive; the journal's totals take an inclusive end.
                    var totals = await _activity.GetTotalsAsync(a.CustomerId, window.From, window.To - NodaTime.Duration.Epsilon, cancellationToken).ConfigureAwait(false);
                    measurement.Add(arm, totals.PurchaseCount, totals.PurchaseCount > 0 ? totals.NetSpend.Amount : 0m, totals.PurchaseCount > 0 ? discounts[arm] : 0m);
                }
            }

            read += page.Count;
            progress?.Report(read);
            if (page.Count < _options.PageSize)
            {
                break;
            }

            after = page[^1].CustomerId;
        }

        return measurement.Report(_clock.GetCurrentInstant(), window);
    }

    private async Task<Dictionary<CustomerId, CampaignOutcome>> LoadOutcomesAsync(string campaignId, CancellationToken cancellationToken)
    {
        var all = new Dictionary<CustomerId, CampaignOutcome>();
        CustomerId? after = null;
        while (true)
        {
            var page = await _store.ListOutcomesAsync(campaignId, after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var o in page)
            {
                all[o.CustomerId] = o;
            }

            if (page.Count < _options.PageSize)
            {
                return all;
            }

            after = page[^1].CustomerId;
        }
    }
}
