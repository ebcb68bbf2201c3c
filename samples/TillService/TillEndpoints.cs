using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Samples.TillService.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Crm.Samples.TillService;

/// <summary>The till's HTTP API: facts in (purchases, refunds, sign-ups), decisions out (coupons, points, tier, card).</summary>
internal static class TillEndpoints
{
    public static IEndpointRouteBuilder MapTillEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/customers").WithTags("Customers");
        customers.MapPost("", RegisterAsync).WithName("RegisterCustomer").WithSummary("Registers a member; the same id again is a replay.");
        customers.MapGet("/{id}/card", GetCardAsync).WithName("GetCustomerCard").WithSummary("Gets the customer card the till shows.");
        customers.MapGet("/{id}/points", GetPointsAsync).WithName("GetPoints").WithSummary("Gets the points balance.");
        customers.MapGet("/{id}/tier", GetTierAsync).WithName("GetTier").WithSummary("Gets the tier and the progress to the next one.");
        customers.MapPost("/{id}/consents", RecordConsentAsync).WithName("RecordConsent").WithSummary("Records a consent given or withdrawn for one purpose on one channel. Idempotent by id.");
        customers.MapGet("/{id}/consents", GetConsentsAsync).WithName("GetConsents").WithSummary("Gets the current consent per purpose and channel.");
        customers.MapGet("/{id}/contact", DecideContactAsync).WithName("DecideContact").WithSummary("Says whether the customer may be contacted for a purpose on a channel, and why (the audit).");
        customers.MapGet("/{id}/coupons", GetWalletAsync).WithName("GetWallet").WithSummary("Gets the coupons in the customer's wallet.");

        var facts = app.MapGroup("/").WithTags("Facts");
        facts.MapPost("/purchases", RecordPurchaseAsync).WithName("RecordPurchase").WithSummary("Records a purchase: points, tier, coupons confirmed. Idempotent by id.");
        facts.MapPost("/refunds", RecordRefundAsync).WithName("RecordRefund").WithSummary("Records a refund of an earlier purchase. Idempotent by id.");

        var coupons = app.MapGroup("/coupons").WithTags("Coupons");
        coupons.MapPost("/evaluate", EvaluateAsync).WithName("EvaluateCoupons").WithSummary("Prices a basket with the customer's coupons, with the reasons for those that do not apply.");
        coupons.MapPost("/reserve", ReserveAsync).WithName("ReserveCoupon").WithSummary("Reserves a coupon under the checkout's key (the purchase id).");
        coupons.MapPost("/release", ReleaseAsync).WithName("ReleaseCoupon").WithSummary("Releases a reservation (a cancelled checkout).");
        return app;
    }

    private static async Task<Results<Created<CustomerResponse>, Ok<CustomerResponse>>> RegisterAsync(RegisterCustomerRequest request, CrmManager crm, IClock clock, CancellationToken cancellationToken)
    {
        var result = await crm.RegisterCustomerAsync(request.ToProfile(clock), cancellationToken);
        var body = CustomerResponse.From(result);
        return !result.IsReplay ? TypedResults.Created($"/customers/{Uri.EscapeDataString(body.CustomerId.Value)}/card", body) : TypedResults.Ok(body);
    }

    private static async Task<Results<Created<ConsentResponse>, Ok<ConsentResponse>>> RecordConsentAsync(string id, RecordConsentRequest request, CrmManager crm, IClock clock, CancellationToken cancellationToken)
    {
        var result = await crm.RecordConsentAsync(request.ToRecord(TillIds.Customer(id, "id"), clock), cancellationToken);
        var body = ConsentResponse.From(result);
        return result.IsReplay ? TypedResults.Ok(body) : TypedResults.Created($"/customers/{Uri.EscapeDataString(id)}/consents", body);
    }

    private static async Task<Ok<IReadOnlyList<ConsentRecord>>> GetConsentsAsync(string id, CrmManager crm, CancellationToken cancellationToken)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        return TypedResults.Ok((await crm.GetConsentsAsync(customer, cancellationToken)).Current);
    }

    // The query names purpose and channel as the JSON bodies do (camelCase); route binding of enums is case-sensitive, so they
    // are parsed here and an unknown one gets the library's own code.
    private static async Task<Ok<ContactDecisionResponse>> DecideContactAsync(string id, string purpose, string channel, CrmManager crm, CancellationToken cancellationToken)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        if (!Enum.TryParse<ConsentPurpose>(purpose, ignoreCase: true, out var parsedPurpose))
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentPurposeInvalid, nameof(purpose), $"'{purpose}' is not a consent purpose.");
        }

        if (!Enum.TryParse<ContactChannels>(channel, ignoreCase: true, out var parsedChannel))
        {
            throw new CrmValidationException(CrmErrorCodes.ConsentChannelInvalid, nameof(channel), $"'{channel}' is not a contact channel.");
        }

        return TypedResults.Ok(ContactDecisionResponse.From(await crm.DecideContactAsync(customer, parsedPurpose, parsedChannel, cancellationToken: cancellationToken)));
    }

    private static async Task<Results<Created<RecordFactResponse>, Ok<RecordFactResponse>>> RecordPurchaseAsync(PurchaseRequest request, CrmManager crm, CancellationToken cancellationToken)
    {
        var result = await crm.RecordPurchaseAsync(request.ToPurchase(), cancellationToken);
        return Respond(RecordFactResponse.From(result), "purchases");
    }

    private static async Task<Results<Created<RecordFactResponse>, Ok<RecordFactResponse>>> RecordRefundAsync(RefundRequest request, CrmManager crm, CancellationToken cancellationToken)
    {
        var result = await crm.RecordRefundAsync(request.ToRefund(), cancellationToken);
        return Respond(RecordFactResponse.From(result), "refunds");
    }

    // A new fact is created (201); the same fact again is not an error but a replay (200, same body, isReplay).
    private static Results<Created<RecordFactResponse>, Ok<RecordFactResponse>> Respond(RecordFactResponse body, string collection) =>
        body.IsReplay ? TypedResults.Ok(body) : TypedResults.Created($"/{collection}/{Uri.EscapeDataString(body.Id)}", body);

    private static async Task<Ok<CustomerCardResponse>> GetCardAsync(string id, CrmManager crm, IServiceProvider services, IClock clock, CancellationToken cancellationToken, bool personal = false)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        if (services.GetService<FeedbackManager>() is { } feedback)
        {
            var card = await feedback.GetCustomerCardAsync(customer, personal, cancellationToken);
            return TypedResults.Ok(new CustomerCardResponse
            {
                CustomerId = card.CustomerId,
                Source = "feedback",
                Name = card.Name,
                FirstPurchaseAt = card.FirstPurchaseAt,
                LastPurchaseAt = card.LastPurchaseAt,
                TotalSpend = card.TotalSpend,
                PurchaseCount = card.PurchaseCount,
                PurchasesPerMonth = Math.Round(card.PurchasesPerMonth, 2),
                FavouriteCategory = card.FavouriteCategory,
                Tier = card.Tier,
                PointsAvailable = card.PointsAvailable?.Value,
                Segments = card.Segments,
                LatestNps = card.LatestNps,
                LatestCsat = card.LatestCsat,
                Satisfaction = card.Satisfaction,
                OpenTickets = card.OpenTickets.Count,
                Notes = [.. card.Notes.Select(n => n.Text ?? "(erased)")],
            });
        }

        // Without Crm.Feedback: the same card from the core packages, through Crm.Core's integration interfaces
        // (each answers "nothing" when its package is not installed).
        var metrics = await crm.GetMetricsAsync(customer, cancellationToken);
        var profile = personal ? await crm.GetCustomerAsync(customer, cancellationToken) : null;
        return TypedResults.Ok(new CustomerCardResponse
        {
            CustomerId = customer,
            Source = "core",
            Name = profile?.Name,
            FirstPurchaseAt = metrics.FirstPurchaseAt,
            LastPurchaseAt = metrics.LastPurchaseAt,
            TotalSpend = metrics.NetSpend,
            PurchaseCount = metrics.PurchaseCount,
            FavouriteCategory = metrics.Categories.Where(c => c.NetSpend.Amount > 0).OrderByDescending(c => c.NetSpend.Amount).Select(c => c.Category).FirstOrDefault(),
            Tier = (await services.GetRequiredService<ICustomerTierProvider>().GetTierAsync(customer, clock.GetCurrentInstant(), cancellationToken: cancellationToken))?.Name,
            PointsAvailable = (await services.GetRequiredService<ICustomerPointsReader>().GetAvailablePointsAsync(customer, cancellationToken))?.Value,
            Segments = await services.GetRequiredService<ICustomerSegmentProvider>().GetSegmentsAsync(customer, cancellationToken),
        });
    }

    private static async Task<Ok<PointsResponse>> GetPointsAsync(string id, CrmManager crm, PointsManager points, CancellationToken cancellationToken)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        var balance = await points.GetBalanceAsync(customer, cancellationToken: cancellationToken);
        return TypedResults.Ok(new PointsResponse
        {
            CustomerId = customer,
            Total = balance.Total.Value,
            Available = balance.Available.Value,
            Pending = balance.Pending.Value,
            Debt = balance.Debt.Value,
            ExpiringSoon = balance.ExpiringSoon.Value,
            ExpiringBy = balance.ExpiringBy,
        });
    }

    private static async Task<Ok<TierResponse>> GetTierAsync(string id, CrmManager crm, MembershipManager membership, CancellationToken cancellationToken)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        var tier = await membership.GetTierAsync(customer, cancellationToken);
        var progress = await membership.GetProgressAsync(customer, cancellationToken);
        return TypedResults.Ok(new TierResponse
        {
            CustomerId = customer,
            Tier = tier.Name,
            Rank = tier.Rank,
            PointsMultiplier = tier.PointsMultiplier,
            Progress = TierProgressView.From(progress),
        });
    }

    private static async Task<Ok<IReadOnlyList<Coupon>>> GetWalletAsync(string id, CrmManager crm, CouponManager coupons, CancellationToken cancellationToken)
    {
        var customer = await RequireCustomerAsync(crm, id, cancellationToken);
        return TypedResults.Ok(await coupons.GetWalletAsync(customer, cancellationToken));
    }

    private static async Task<Ok<CouponEvaluationResponse>> EvaluateAsync(EvaluateCouponsRequest request, CouponManager coupons, CancellationToken cancellationToken)
    {
        var customer = TillIds.Customer(request.CustomerId, "customerId");
        var evaluation = await coupons.EvaluateAsync(customer, request.ToBasket(), request.Codes, cancellationToken);
        return TypedResults.Ok(CouponEvaluationResponse.From(evaluation));
    }

    private static async Task<Results<Ok<CouponReservationResponse>, ProblemHttpResult>> ReserveAsync(CouponReservationRequest request, CouponManager coupons, CancellationToken cancellationToken)
    {
        var customer = TillIds.Customer(request.CustomerId, "customerId");
        return Respond(request.CouponId, await coupons.ReserveAsync(customer, request.CouponId, request.ReservationKey, cancellationToken));
    }

    private static async Task<Results<Ok<CouponReservationResponse>, ProblemHttpResult>> ReleaseAsync(CouponReservationRequest request, CouponManager coupons, CancellationToken cancellationToken)
    {
        var customer = TillIds.Customer(request.CustomerId, "customerId");
        return Respond(request.CouponId, await coupons.ReleaseAsync(customer, request.CouponId, request.ReservationKey, cancellationToken));
    }

    // A coupon that cannot be used is a business "no", a value in the library; over HTTP it is a problem the till shows,
    // with the coupon's reason code. Another customer's coupon is reported as not found, so ids cannot be probed.
    private static Results<Ok<CouponReservationResponse>, ProblemHttpResult> Respond(string couponId, RedemptionResult result)
    {
        if (result.Succeeded)
        {
            return TypedResults.Ok(CouponReservationResponse.From(couponId, result));
        }

        var notFound = result.Status is RedemptionStatus.NotFound or RedemptionStatus.OtherCustomer;
        var code = result.Reasons.FirstOrDefault()?.Code ?? result.Status switch
        {
            RedemptionStatus.NotFound or RedemptionStatus.OtherCustomer => CouponReasonCodes.UnknownCode,
            RedemptionStatus.AlreadyRedeemed => CouponReasonCodes.Redeemed,
            RedemptionStatus.ReservedElsewhere => CouponReasonCodes.ReservedElsewhere,
            RedemptionStatus.NotYetValid => CouponReasonCodes.NotYetValid,
            RedemptionStatus.Expired => CouponReasonCodes.Expired,
            RedemptionStatus.BudgetExhausted => CouponReasonCodes.BudgetExhausted,
            _ => "coupon.not_applicable",
        };
        return TypedResults.Problem(new ProblemDetails
        {
            Status = notFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict,
            Title = notFound ? "Coupon not found" : "Coupon cannot be used",
            Detail = result.Reasons.FirstOrDefault()?.Message ?? $"The coupon {couponId} cannot be used: {result.Status}.",
            Extensions = { ["code"] = code, ["redemption"] = result.Status.ToString() },
        });
    }

    private static async Task<CustomerId> RequireCustomerAsync(CrmManager crm, string id, CancellationToken cancellationToken)
    {
        var customer = TillIds.Customer(id, "id");
        return await crm.GetCustomerAsync(customer, cancellationToken) is null
            ? throw new CrmValidationException(CrmErrorCodes.CustomerNotFound, "id", $"Customer {customer} is not registered.")
            : customer;
    }
}
