using Crm.Internal;

namespace Crm.Campaigns;

public sealed partial class CampaignManager
{
    /// <summary>
    /// Delivers the campaign to a customer, assigning them first if they joined the audience since: checks consent to the
    /// campaign's channel (in every arm, the holdout too), then issues the coupon in the delivery's unit of work within the
    /// budget, or records the holdout as getting nothing; treated arms raise a <see cref="CampaignDeliveredEvent"/> for the host to send.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The assignment as decided: <see cref="CampaignDeliveryStatus.Delivered"/>, <see cref="CampaignDeliveryStatus.HeldOut"/>,
    /// <see cref="CampaignDeliveryStatus.NoConsent"/> or <see cref="CampaignDeliveryStatus.BudgetExhausted"/>; a replay returns the
    /// first decision and writes nothing; a "no" (<see cref="CampaignsErrorCodes.NotRunning"/>, <see cref="CampaignsErrorCodes.CouponRefused"/>) writes nothing.
    /// </returns>
    /// <exception cref="CrmValidationException">No campaign has the id (<see cref="CampaignsErrorCodes.CampaignNotFound"/>) or the customer id is default (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    /// <exception cref="CrmConcurrencyException">Other deliveries kept conflicting past <see cref="CrmOptions.MaxConcurrencyRetries"/>.</exception>
    public async Task<DeliveryResult> DeliverAsync(string campaignId, CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var campaign = await RequireAsync(campaignId, cancellationToken).ConfigureAwait(false);
        using var span = CampaignsTelemetry.Source.StartActivity("crm.campaigns.deliver");
        span?.SetTag("crm.campaigns.campaign", campaign.Id);
        var result = await _settings.Retry.RunAsync(_ => DeliverOnceAsync(campaign, customerId, cancellationToken), CampaignsTelemetry.ConcurrencyRetries, cancellationToken).ConfigureAwait(false);
        if (result.Result is { IsReplay: false, Assignment: { } decided } && result.Event is { } delivered)
        {
            // Published after the commit: a message must never go out for a delivery that was not stored.
            await _events.PublishAsync(delivered, cancellationToken).ConfigureAwait(false);
        }

        if (result.Result is { IsReplay: false, Assignment: { } stored, ErrorCode: null })
        {
            CampaignsTelemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("crm.campaigns.status", stored.Status.ToString()));
        }

        return result.Result;
    }

    private async Task<(DeliveryResult Result, CampaignDeliveredEvent? Event)> DeliverOnceAsync(Campaign campaign, CustomerId customerId, CancellationToken cancellationToken)
    {
        var existing = await _store.FindAssignmentAsync(campaign.Id, customerId, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: not CampaignDeliveryStatus.Pending })
        {
            return (new DeliveryResult { Assignment = existing, IsReplay = true, ErrorCode = null, Reason = null }, null);
        }

        var now = _clock.GetCurrentInstant();

        // One delivery's texts (its reason, the consent decision) are in one culture.
        var culture = _settings.Culture;
        if (!campaign.IsRunning(now, _settings.Zone))
        {
            return (new DeliveryResult { Assignment = existing, IsReplay = false, ErrorCode = CampaignsErrorCodes.NotRunning, Reason = TextCatalog.Package.Format(culture, "Delivery.NotRunning", campaign.Start, campaign.End, now.InZone(_settings.Zone).Date) }, null);
        }

        // A customer who joined the audience since the last assignment run is assigned on entry, by the same hash.
        var assignment = existing ?? new CampaignAssignment
        {
            CampaignId = campaign.Id,
            CustomerId = customerId,
            Arm = campaign.ArmFor(customerId).Name,
            AssignedAt = now,
            Status = CampaignDeliveryStatus.Pending,
        };
        var arm = campaign.FindArm(assignment.Arm) ?? throw new InvalidOperationException($"The assignment of {customerId} names the arm '{assignment.Arm}', which campaign '{campaign.Id}' does not have.");
        var decided = assignment with { DecidedAt = now };
        await using var unit = await _units.BeginAsync(cancellationToken).ConfigureAwait(false);
        CampaignDeliveredEvent? delivered = null;

        // Consent for the campaign's purpose on its channel, asked in every arm (the holdout too, so the arms stay comparable).
        var contact = await ContactPolicy.DecideAsync(unit.GetStore<ICustomerStore>(), unit.GetStore<IConsentStore>(), customerId, campaign.Purpose, campaign.Channel, now, culture, cancellationToken).ConfigureAwait(false);
        if (!contact.IsAllowed)
        {
            decided = decided with { Status = CampaignDeliveryStatus.NoConsent, ContactReason = contact.Reason };
        }
        else if (arm.Kind == CampaignArmKind.Holdout)
        {
            decided = decided with { Status = CampaignDeliveryStatus.HeldOut };
        }
        else if (arm.Kind == CampaignArmKind.Coupon)
        {
            if (_issuer is null)
            {
                return (new DeliveryResult { Assignment = existing, IsReplay = false, ErrorCode = CampaignsErrorCodes.CouponRefused, Reason = TextCatalog.Package.Get(culture, "Delivery.NoCouponIssuer") }, null);
            }

            if (campaign.MaxCoupons is { } budget && await _store.CountBudgetUsesAsync(campaign.Id, cancellationToken).ConfigureAwait(false) >= budget)
            {
                decided = decided with { Status = CampaignDeliveryStatus.BudgetExhausted };
            }
            else
            {
                var issued = await _issuer.IssueCouponAsync(
                    new CouponIssueRequest(customerId, arm.CouponTemplateId!, CouponIssueReason.Campaign, $"campaign:{campaign.Id}:{customerId.Value}"),
                    unit,
                    cancellationToken).ConfigureAwait(false);
                if (!issued.Succeeded)
                {
                    return (new DeliveryResult { Assignment = existing, IsReplay = false, ErrorCode = CampaignsErrorCodes.CouponRefused, Reason = issued.Reason ?? TextCatalog.Package.Get(culture, "Delivery.CouponRefused"), Contact = contact }, null);
                }

                decided = decided with { Status = CampaignDeliveryStatus.Delivered, CouponId = issued.CouponId, UsesBudget = true };
            }
        }
        else
        {
            decided = decided with { Status = CampaignDeliveryStatus.Delivered };
        }

        var saved = await unit.GetStore<ICampaignStore>().SaveAssignmentAsync(decided, existing?.Version ?? 0, campaign.MaxCoupons, cancellationToken).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (saved.Status == CampaignDeliveryStatus.Delivered && arm.IsTreated)
        {
            delivered = new CampaignDeliveredEvent(customerId, now, $"campaign-delivered:{campaign.Id}:{customerId.Value}", campaign.Id, arm.Name, arm.Kind, campaign.Channel, saved.CouponId, arm.Points);
        }

        return (new DeliveryResult { Assignment = saved, IsReplay = false, ErrorCode = null, Reason = null, Contact = contact }, delivered);
    }
}
