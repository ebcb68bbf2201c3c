using Crm.Feedback.Internal;
using Crm.Internal;
using NodaTime;

namespace Crm.Feedback;

public sealed partial class FeedbackManager
{
    /// <summary>
    /// Decides whether a purchase earns its customer a survey invitation, by the first rule of
    /// <see cref="FeedbackPolicy.SurveyRules"/> that matches its sales channel and store: the purchase must be in the rule's
    /// sample (a hash of customer and purchase, so the decision never changes), the customer must have consented to the
    /// rule's contact channel, and their latest invitation must be at least the rule's cap days before the purchase (local
    /// dates in the programme's time zone). An invitation is written, with the purchase id as its id, and a
    /// <see cref="SurveyInvitedEvent"/> raised for the host to send it on its channel. With
    /// <see cref="FeedbackOptions.InviteOnPurchase"/> the same decision is made for every purchase recorded through <see cref="CrmManager"/>.
    /// </summary>
    /// <param name="request">The purchase.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The decision; a purchase invited before is a replay that returns its invitation and writes nothing.</returns>
    /// <exception cref="CrmValidationException">A key is malformed (<see cref="FeedbackErrorCodes.SurveyInvalid"/>), the customer id is default, or the purchase was invited for another customer (<see cref="FeedbackErrorCodes.IdReused"/>).</exception>
    public Task<SurveyInvitationDecision> InviteAfterPurchaseAsync(SurveyInvitationRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        Guard.Customer(request.CustomerId);
        Guard.Key(request.PurchaseId, FeedbackErrorCodes.SurveyInvalid, "purchaseId");
        Guard.Key(request.StoreId, FeedbackErrorCodes.SurveyInvalid, "storeId");
        if (!Enum.IsDefined(request.SalesChannel))
        {
            throw new CrmValidationException(FeedbackErrorCodes.SurveyInvalid, "salesChannel", $"The sales channel {(int)request.SalesChannel} is not defined.");
        }

        return _settings.Retry.RunAsync(
            async _ =>
            {
                var decision = await DecideInvitationAsync(_store, _customers, _consents, request, cancellationToken).ConfigureAwait(false);
                if (decision is { Outcome: InvitationOutcome.Invited, IsReplay: false, Invitation: { } invitation })
                {
                    if (!await _store.AddInvitationAsync(invitation, cancellationToken).ConfigureAwait(false))
                    {
                        // Another writer invited for the purchase between the read and the write: read again, it is a replay or a reuse.
                        throw new CrmConcurrencyException($"survey invitation {invitation.Id}", 0, 1);
                    }

                    FeedbackTelemetry.Invitations.Add(1);
                    await _events.PublishAsync(Invited(invitation), cancellationToken).ConfigureAwait(false);
                }

                return decision;
            },
            FeedbackTelemetry.ConcurrencyRetries,
            cancellationToken);
    }

    /// <summary>The event that asks the host to send an invitation.</summary>
    internal static SurveyInvitedEvent Invited(SurveyInvitation invitation) =>
        new(invitation.CustomerId, invitation.InvitedAt, "survey-invited:" + invitation.Id, invitation);

    /// <summary>
    /// Decides an invitation by reading through the given stores (the manager's, or a purchase's unit of work) and writes
    /// nothing: an <see cref="InvitationOutcome.Invited"/> decision that is not a replay carries the invitation to write.
    /// </summary>
    internal async Task<SurveyInvitationDecision> DecideInvitationAsync(IFeedbackStore store, ICustomerStore customers, IConsentStore consents, SurveyInvitationRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindInvitationAsync(request.PurchaseId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.CustomerId == request.CustomerId && string.Equals(existing.StoreId, request.StoreId, StringComparison.Ordinal)
                ? new SurveyInvitationDecision { Outcome = InvitationOutcome.Invited, Invitation = existing, RuleName = existing.RuleName, IsReplay = true }
                : throw IdReused("purchase", request.PurchaseId);
        }

        var rule = Policy.SurveyRules.FirstOrDefault(r => r.Matches(request.SalesChannel, request.StoreId));
        if (rule is null)
        {
            return new SurveyInvitationDecision { Outcome = InvitationOutcome.NoRule, Invitation = null, RuleName = null, IsReplay = false };
        }

        if (!Sampling.IsSampled(request.CustomerId, request.PurchaseId, rule.SamplingRate))
        {
            return Decided(InvitationOutcome.NotSampled, rule);
        }

        // A survey needs consent for surveys on the rule's channel, at the instant the invitation goes out.
        var contact = await ContactPolicy.DecideAsync(customers, consents, request.CustomerId, ConsentPurpose.Surveys, rule.Via, _clock.GetCurrentInstant(), _settings.Culture, cancellationToken).ConfigureAwait(false);
        if (!contact.IsAllowed)
        {
            return Decided(InvitationOutcome.NoConsent, rule) with { Contact = contact };
        }

        if (rule.CapDays > 0
            && await store.FindLatestInvitationAsync(request.CustomerId, request.PurchasedAt, cancellationToken).ConfigureAwait(false) is { } latest
            && Period.DaysBetween(latest.InvitedAt.InZone(_settings.Zone).Date, request.PurchasedAt.InZone(_settings.Zone).Date) < rule.CapDays)
        {
            return Decided(InvitationOutcome.Capped, rule);
        }

        var invitation = new SurveyInvitation
        {
            Id = request.PurchaseId,
            CustomerId = request.CustomerId,
            PurchaseId = request.PurchaseId,
            StoreId = request.StoreId,
            SurveyId = rule.SurveyId,
            RuleName = rule.Name,
            Via = rule.Via,
            InvitedAt = request.PurchasedAt,
        };
        return new SurveyInvitationDecision { Outcome = InvitationOutcome.Invited, Invitation = invitation, RuleName = rule.Name, IsReplay = false, Contact = contact };

        static SurveyInvitationDecision Decided(InvitationOutcome outcome, SurveyRule rule) => new SurveyInvitationDecision { Outcome = outcome, RuleName = rule.Name, IsReplay = false };
    }

    /// <summary>
    /// Records a survey response, with or without an invitation and a known customer. A known customer's NPS of 0 to 6
    /// raises a <see cref="DetractorResponseEvent"/>.
    /// </summary>
    /// <param name="response">The response (<see cref="SurveyResponse.CommentErasedAt"/> must be <see langword="null"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The response as stored; a replay writes nothing.</returns>
    /// <exception cref="CrmValidationException">The response is malformed: no score, a score out of range, a bad key, an unknown invitation, a time after now beyond the clock skew (<see cref="FeedbackErrorCodes.SurveyInvalid"/>); or the id was recorded with other content (<see cref="FeedbackErrorCodes.IdReused"/>).</exception>
    public Task<RecordResponseResult> RecordResponseAsync(SurveyResponse response, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(response);
        ValidateResponse(response);
        var normal = response with { Ratings = new SortedDictionary<string, int>(response.Ratings.ToDictionary(), StringComparer.Ordinal) };
        return _settings.Retry.RunAsync(
            async _ =>
            {
                if (await _store.FindResponseAsync(normal.Id, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return SameResponse(existing, normal) ? new RecordResponseResult { Response = existing, IsReplay = true } : throw IdReused("response", normal.Id);
                }

                if (normal.InvitationId is { } invitationId && await _store.FindInvitationAsync(invitationId, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new CrmValidationException(FeedbackErrorCodes.SurveyInvalid, "invitationId", $"No survey invitation has the id '{invitationId}'; leave it out for a response without one.");
                }

                if (!await _store.AddResponseAsync(normal, cancellationToken).ConfigureAwait(false))
                {
                    throw new CrmConcurrencyException($"survey response {normal.Id}", 0, 1);
                }

                FeedbackTelemetry.Responses.Add(1);
                if (normal is { Nps: <= 6, CustomerId: { } customer })
                {
                    await _events.PublishAsync(new DetractorResponseEvent(customer, normal.RespondedAt, "detractor:" + normal.Id, normal), cancellationToken).ConfigureAwait(false);
                }

                return new RecordResponseResult { Response = normal, IsReplay = false };
            },
            FeedbackTelemetry.ConcurrencyRetries,
            cancellationToken);
    }

    private void ValidateResponse(SurveyResponse response)
    {
        const string Code = FeedbackErrorCodes.SurveyInvalid;
        Guard.Key(response.Id, Code, "id");
        Guard.Key(response.SurveyId, Code, "surveyId");
        Guard.Key(response.StoreId, Code, "storeId");
        if (response.CustomerId is { } customer)
        {
            Guard.Customer(customer);
        }

        if (response.InvitationId is not null)
        {
            Guard.Key(response.InvitationId, Code, "invitationId");
        }

        if (response.Nps is < 0 or > 10)
        {
            throw new CrmValidationException(Code, "nps", $"The NPS answer is {response.Nps}; it must be 0 to 10.");
        }

        if (response.Csat is < 1 or > 5)
        {
            throw new CrmValidationException(Code, "csat", $"The CSAT answer is {response.Csat}; it must be 1 to 5.");
        }

        if (response.Ratings is null)
        {
            throw new CrmValidationException(Code, "ratings", "The ratings cannot be null; leave the property out for none.");
        }

        foreach (var (question, rating) in response.Ratings)
        {
            Guard.Key(question, Code, "ratings");
            if (rating is < 1 or > 5)
            {
                throw new CrmValidationException(Code, $"ratings['{question}']", $"The rating is {rating}; it must be 1 to 5.");
            }
        }

        if (response.Nps is null && response.Csat is null && response.Ratings.Count == 0)
        {
            throw new CrmValidationException(Code, "nps", "A response needs an NPS, a CSAT or a rating.");
        }

        CheckText(response.Comment, Code, "comment");
        CheckNotInFuture(response.RespondedAt, Code, "respondedAt");
        if (response.CommentErasedAt is not null)
        {
            throw new CrmValidationException(Code, "commentErasedAt", "A response is recorded with its comment; only erasure sets CommentErasedAt.");
        }
    }

    private static bool SameResponse(SurveyResponse stored, SurveyResponse again) =>
        stored with { Ratings = again.Ratings, Comment = null, CommentErasedAt = null } == again with { Comment = null }
        && stored.Ratings.OrderBy(r => r.Key, StringComparer.Ordinal).SequenceEqual(again.Ratings.OrderBy(r => r.Key, StringComparer.Ordinal))
        && (stored.CommentErasedAt is not null || string.Equals(stored.Comment, again.Comment, StringComparison.Ordinal));
}
