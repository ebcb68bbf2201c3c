using System.Net;
using System.Text.Json.Nodes;
using Crm.Churn;
using Crm.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Crm.TillService.Tests;

/// <summary>
/// The till's day over HTTP, run once per storage adapter. Rules are the sample's own files: 1 point per CNY paid
/// (double on Tuesdays, times the tier's multiplier), gold at 300.00 CNY net spend in 12 months (1.5 x points and a
/// 20.00 CNY welcome coupon). Each test uses customer and fact ids of its own.
/// </summary>
public abstract class TillServiceScenarios
{
    protected TillServiceScenarios(TillServiceFactory factory)
    {
        Factory = factory;
        Factory.Clock.Reset(TillServiceFactory.Monday);
        Client = factory.CreateClient();
    }

    protected TillServiceFactory Factory { get; }

    protected HttpClient Client { get; }

    [Fact]
    public async Task Purchase_ForNewMember_EarnsPointsAndShowsTierProgress()
    {
        var (created, member, _) = await Client.PostAsync("/customers", """{ "id": "m-progress" }""");
        created.Should().Be(HttpStatusCode.Created);
        member["isReplay"]!.GetValue<bool>().Should().BeFalse();
        var (again, replayed, _) = await Client.PostAsync("/customers", """{ "id": "m-progress" }""");
        again.Should().Be(HttpStatusCode.OK);
        replayed["isReplay"]!.GetValue<bool>().Should().BeTrue();

        // 2 lattes at 32.00 and a croissant at 14.00: 78.00 CNY paid, 78 points at green on a Monday.
        var (status, body, _) = await Client.PostAsync("/purchases", Purchase("p-progress-1", "m-progress"));

        status.Should().Be(HttpStatusCode.Created);
        body["status"]!.GetValue<string>().Should().Be("recorded");
        body["isReplay"]!.GetValue<bool>().Should().BeFalse();
        body["amount"]!.GetValue<string>().Should().Be("78.00 CNY");
        body["metrics"]!["purchaseCount"]!.GetValue<int>().Should().Be(1);
        body["metrics"]!["netSpend"]!.GetValue<string>().Should().Be("78.00 CNY");
        body["points"]!["change"]!.GetValue<long>().Should().Be(78);
        body["tier"]!["before"]!.GetValue<string>().Should().Be("green");
        body["tier"]!["after"]!.GetValue<string>().Should().Be("green");

        var (_, points, _) = await Client.GetJsonAsync("/customers/m-progress/points");
        points["available"]!.GetValue<long>().Should().Be(78);
        points["total"]!.GetValue<long>().Should().Be(78);

        // Gold needs 300.00 CNY: 78.00 spent, 222.00 to go.
        var (_, tier, _) = await Client.GetJsonAsync("/customers/m-progress/tier");
        tier["tier"]!.GetValue<string>().Should().Be("green");
        tier["progress"]!["nextTier"]!.GetValue<string>().Should().Be("gold");
        var threshold = tier["progress"]!["thresholds"]![0]!;
        threshold["metric"]!.GetValue<string>().Should().Be("netSpend");
        threshold["current"]!.GetValue<decimal>().Should().Be(78m);
        threshold["required"]!.GetValue<decimal>().Should().Be(300m);
        threshold["missing"]!.GetValue<decimal>().Should().Be(222m);
    }

    [Fact]
    public async Task TierProgress_AskedInChinese_ExplainsInChinese()
    {
        await Client.PostAsync("/customers", """{ "id": "m-zh" }""");
        await Client.PostAsync("/purchases", Purchase("p-zh-1", "m-zh"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/customers/m-zh/tier");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = System.Text.Json.Nodes.JsonNode.Parse(await (await Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        var (_, english, _) = await Client.GetJsonAsync("/customers/m-zh/tier");

        // Gold needs 300.00 CNY: 78.00 spent, 222.00 to go (no deadline: a rolling window).
        chinese["progress"]!["message"]!.GetValue<string>().Should().Be("再消费¥222.00即可升级为gold");
        english["progress"]!["message"]!.GetValue<string>().Should().Be("spend 222.00 CNY more to reach gold");
    }

    [Fact]
    public async Task Purchase_SentAgain_IsReplayWithSameBody()
    {
        await Client.PostAsync("/customers", """{ "id": "m-replay" }""");
        var purchase = Purchase("p-replay-1", "m-replay");
        var (first, original, _) = await Client.PostAsync("/purchases", purchase);
        Factory.Clock.AdvanceMinutes(1);   // the till retries a minute later, with the same purchase (its instant included)

        var (again, replay, _) = await Client.PostAsync("/purchases", purchase);
        var (reused, problem, _) = await Client.PostAsync("/purchases", purchase.Replace("78.00 CNY", "77.00 CNY", StringComparison.Ordinal));

        first.Should().Be(HttpStatusCode.Created);
        again.Should().Be(HttpStatusCode.OK);
        replay["isReplay"]!.GetValue<bool>().Should().BeTrue();
        replay["status"]!.GetValue<string>().Should().Be("replayed");
        Without(replay, "isReplay", "status").Should().Be(Without(original, "isReplay", "status"));
        var (_, points, _) = await Client.GetJsonAsync("/customers/m-replay/points");
        points["available"]!.GetValue<long>().Should().Be(78, "the replay earns nothing");
        reused.Should().Be(HttpStatusCode.BadRequest, "the same id with other content is not a replay");
        problem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.PurchaseIdReused);
    }

    [Fact]
    public async Task Purchase_NegativeQuantity_Is400WithLibraryCode()
    {
        var json = Purchase("p-bad-qty", "m-bad").Replace("\"quantity\": 2", "\"quantity\": -1", StringComparison.Ordinal);

        var (status, problem, response) = await Client.PostAsync("/purchases", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        response.ContentType()!.MediaType.Should().Be("application/problem+json");
        problem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.PurchaseQuantityNotPositive);
        problem["field"]!.GetValue<string>().Should().Be("Lines[0].Quantity");
        problem["status"]!.GetValue<int>().Should().Be(400);
    }

    [Fact]
    public async Task Purchase_InAnotherCurrency_Is400WithLibraryCode()
    {
        var json = Purchase("p-bad-currency", "m-bad").Replace("32.00 CNY", "32.00 USD", StringComparison.Ordinal);

        var (status, problem, _) = await Client.PostAsync("/purchases", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.PurchaseCurrencyMismatch);
    }

    [Fact]
    public async Task Purchase_InUnknownCurrency_Is400Malformed()
    {
        var json = Purchase("p-xyz", "m-bad").Replace("32.00 CNY", "32.00 XYZ", StringComparison.Ordinal);

        var (status, problem, _) = await Client.PostAsync("/purchases", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem["code"]!.GetValue<string>().Should().Be("request.malformed");
        problem["field"]!.GetValue<string>().Should().Be("$.lines[0].unitPrice");
    }

    [Fact]
    public async Task MalformedCustomerId_Is400WithLibraryCode()
    {
        var (inBody, bodyProblem, _) = await Client.PostAsync("/purchases", Purchase("p-bad-id", "not an id"));
        var (inRoute, routeProblem, _) = await Client.GetJsonAsync("/customers/not%20an%20id/points");

        inBody.Should().Be(HttpStatusCode.BadRequest);
        bodyProblem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.CustomerIdInvalid);
        bodyProblem["field"]!.GetValue<string>().Should().Be("customerId");
        inRoute.Should().Be(HttpStatusCode.BadRequest);
        routeProblem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.CustomerIdInvalid);
        routeProblem["field"]!.GetValue<string>().Should().Be("id");
    }

    [Fact]
    public async Task UnknownCustomer_Is404()
    {
        var (status, problem, _) = await Client.GetJsonAsync("/customers/nobody-here/tier");

        status.Should().Be(HttpStatusCode.NotFound);
        problem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.CustomerNotFound);
    }

    [Fact]
    public async Task Coupon_EvaluatedAndReserved_IsConfirmedByThePurchase()
    {
        await Client.PostAsync("/customers", """{ "id": "m-coupon" }""");

        // 10 bags of beans at 30.00: 300.00 CNY reaches gold on this purchase. Points run before membership, so the
        // purchase earns at green (300); gold's welcome coupon (20.00 off) lands in the wallet.
        var (_, upgrade, _) = await Client.PostAsync("/purchases", Purchase("q-coupon-1", "m-coupon", """{ "lineId": "1", "sku": "beans-250g", "category": "beans", "quantity": 10, "unitPrice": "30.00 CNY" }""", "300.00 CNY"));
        upgrade["points"]!["change"]!.GetValue<long>().Should().Be(300);
        upgrade["tier"]!["after"]!.GetValue<string>().Should().Be("gold");

        const string Latte = """{ "lineId": "1", "sku": "latte", "category": "coffee", "quantity": 1, "unitPrice": "32.00 CNY" }""";
        var (evaluated, evaluation, _) = await Client.PostAsync("/coupons/evaluate", $$"""{ "customerId": "m-coupon", "storeId": "sh-01", "lines": [ {{Latte}} ], "reservationKey": "q-coupon-2" }""");
        evaluated.Should().Be(HttpStatusCode.OK);
        evaluation["best"]!["totalDiscount"]!.GetValue<string>().Should().Be("20.00 CNY");
        var best = evaluation["best"]!["coupons"]!.AsArray().Should().ContainSingle().Subject!;
        best["templateId"]!.GetValue<string>().Should().Be("gold-welcome");
        best["reasons"]!.AsArray().Should().BeEmpty();
        var couponId = best["couponId"]!.GetValue<string>();

        // A checkout that was abandoned: reserved, then released.
        var reservation = $$"""{ "customerId": "m-coupon", "couponId": "{{couponId}}", "reservationKey": "q-coupon-abandoned" }""";
        (await Client.PostAsync("/coupons/reserve", reservation)).Status.Should().Be(HttpStatusCode.OK);
        var (elsewhere, refusal, _) = await Client.PostAsync("/coupons/reserve", reservation.Replace("q-coupon-abandoned", "q-coupon-2", StringComparison.Ordinal));
        elsewhere.Should().Be(HttpStatusCode.Conflict);
        refusal["code"]!.GetValue<string>().Should().Be("coupon.reserved_elsewhere");
        var (released, release, _) = await Client.PostAsync("/coupons/release", reservation);
        released.Should().Be(HttpStatusCode.OK);
        release["couponStatus"]!.GetValue<string>().Should().Be("active");

        var (reserved, reserve, _) = await Client.PostAsync("/coupons/reserve", reservation.Replace("q-coupon-abandoned", "q-coupon-2", StringComparison.Ordinal));
        reserved.Should().Be(HttpStatusCode.OK);
        reserve["couponStatus"]!.GetValue<string>().Should().Be("reserved");
        reserve["isReplay"]!.GetValue<bool>().Should().BeFalse();

        // Paid 32.00 - 20.00 = 12.00; gold earns 12 x 1.5 = 18 points; the coupon reserved under the order id is confirmed.
        var (status, paid, _) = await Client.PostAsync("/purchases", Purchase("q-coupon-2", "m-coupon", Latte, "12.00 CNY"));

        status.Should().Be(HttpStatusCode.Created);
        paid["coupons"]!["confirmed"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(couponId);
        paid["points"]!["change"]!.GetValue<long>().Should().Be(18);
        var (_, points, _) = await Client.GetJsonAsync("/customers/m-coupon/points");
        points["available"]!.GetValue<long>().Should().Be(318);
        var (_, wallet, _) = await Client.GetJsonAsync("/customers/m-coupon/coupons");
        wallet.AsArray().Should().BeEmpty("the welcome coupon is redeemed");

        // Gold now; black needs 2,000.00 CNY: 312.00 spent, 1,688.00 to go.
        var (_, tier, _) = await Client.GetJsonAsync("/customers/m-coupon/tier");
        tier["tier"]!.GetValue<string>().Should().Be("gold");
        tier["pointsMultiplier"]!.GetValue<decimal>().Should().Be(1.5m);
        tier["progress"]!["nextTier"]!.GetValue<string>().Should().Be("black");
        tier["progress"]!["thresholds"]![0]!["missing"]!.GetValue<decimal>().Should().Be(1688m);
    }

    [Fact]
    public async Task Refund_OfOneLine_TakesBackItsPoints()
    {
        await Client.PostAsync("/customers", """{ "id": "m-refund" }""");
        await Client.PostAsync("/purchases", Purchase("r-refund-1", "m-refund"));
        Factory.Clock.AdvanceHours(2);
        var refund = $$"""{ "id": "rf-refund-1", "purchaseId": "r-refund-1", "occurredAt": "{{Now}}", "lines": [ { "lineId": "2", "quantity": 1 } ] }""";

        // The croissant back: 14.00 CNY and its 14 points.
        var (status, body, _) = await Client.PostAsync("/refunds", refund);
        var (again, replay, _) = await Client.PostAsync("/refunds", refund);

        status.Should().Be(HttpStatusCode.Created);
        body["amount"]!.GetValue<string>().Should().Be("14.00 CNY");
        body["points"]!["change"]!.GetValue<long>().Should().Be(-14);
        body["metrics"]!["refundCount"]!.GetValue<int>().Should().Be(1);
        body["metrics"]!["netSpend"]!.GetValue<string>().Should().Be("64.00 CNY");
        again.Should().Be(HttpStatusCode.OK);
        replay["isReplay"]!.GetValue<bool>().Should().BeTrue();
        var (_, points, _) = await Client.GetJsonAsync("/customers/m-refund/points");
        points["available"]!.GetValue<long>().Should().Be(64);

        var (missing, problem, _) = await Client.PostAsync("/refunds", $$"""{ "id": "rf-refund-2", "purchaseId": "never-recorded", "occurredAt": "{{Now}}", "amount": "5.00 CNY" }""");
        missing.Should().Be(HttpStatusCode.NotFound);
        problem["code"]!.GetValue<string>().Should().Be(CrmErrorCodes.RefundPurchaseNotFound);
    }

    [Fact]
    public async Task CustomerCard_ShowsSpendTierPointsAndFavourite()
    {
        await Client.PostAsync("/customers", """{ "id": "m-card", "name": "Li Lei" }""");
        await Client.PostAsync("/purchases", Purchase("c-card-1", "m-card"));

        var (status, card, _) = await Client.GetJsonAsync("/customers/m-card/card");

        status.Should().Be(HttpStatusCode.OK);
        card["source"]!.GetValue<string>().Should().Be("feedback");
        card["totalSpend"]!.GetValue<string>().Should().Be("78.00 CNY");
        card["purchaseCount"]!.GetValue<int>().Should().Be(1);
        card["favouriteCategory"]!.GetValue<string>().Should().Be("coffee", "64.00 on coffee against 14.00 on bakery");
        card["tier"]!.GetValue<string>().Should().Be("green");
        card["pointsAvailable"]!.GetValue<long>().Should().Be(78);
        card["name"].Should().BeNull("personal data only on request");
        var (_, personal, _) = await Client.GetJsonAsync("/customers/m-card/card?personal=true");
        personal["name"]!.GetValue<string>().Should().Be("Li Lei");
    }

    [Fact]
    public async Task Consent_IsRecordedOnce_AndTheAuditSaysWhyAContactIsRefused()
    {
        await Client.PostAsync("/customers", """{ "id": "m-consent" }""");
        const string grant = """{ "id": "c-grant", "purpose": "marketing", "channel": "sms", "granted": true, "policyVersion": "v3", "source": "app" }""";

        (await Client.PostAsync("/customers/m-consent/consents", grant)).Status.Should().Be(HttpStatusCode.Created);
        var (replayStatus, replay, _) = await Client.PostAsync("/customers/m-consent/consents", grant);
        replayStatus.Should().Be(HttpStatusCode.OK);
        replay["isReplay"]!.GetValue<bool>().Should().BeTrue();
        var (allowedStatus, allowed, _) = await Client.GetJsonAsync("/customers/m-consent/contact?purpose=marketing&channel=sms");
        allowedStatus.Should().Be(HttpStatusCode.OK, allowed.ToJsonString());
        allowed["allowed"]!.GetValue<bool>().Should().BeTrue();

        Factory.Clock.AdvanceMinutes(5);
        await Client.PostAsync("/customers/m-consent/consents", """{ "id": "c-withdraw", "purpose": "marketing", "channel": "sms", "granted": false, "policyVersion": "v3", "source": "sms-reply" }""");
        var (_, refused, _) = await Client.GetJsonAsync("/customers/m-consent/contact?purpose=marketing&channel=sms");
        refused["allowed"]!.GetValue<bool>().Should().BeFalse();
        refused["reason"]!.GetValue<string>().Should().Be("withdrawn");
        refused["recordId"]!.GetValue<string>().Should().Be("c-withdraw");
        var (_, surveys, _) = await Client.GetJsonAsync("/customers/m-consent/contact?purpose=surveys&channel=sms");
        surveys["reason"]!.GetValue<string>().Should().Be("noConsentRecord", "marketing consent does not cover surveys");
        var (_, current, _) = await Client.GetJsonAsync("/customers/m-consent/consents");
        current.AsArray().Should().ContainSingle().Which!["id"]!.GetValue<string>().Should().Be("c-withdraw");
        var (badStatus, bad, _) = await Client.GetJsonAsync("/customers/m-consent/contact?purpose=lottery&channel=sms");
        badStatus.Should().Be(HttpStatusCode.BadRequest);
        bad["code"]!.GetValue<string>().Should().Be("consent.purpose_invalid");
    }

    [Fact]
    public async Task ScheduledRun_WritesSegmentsAndChurnAssessments()
    {
        await Client.PostAsync("/customers", """{ "id": "m-drifting" }""");
        (await Client.PostAsync("/customers/m-drifting/consents", """{ "id": "consent-1", "purpose": "marketing", "channel": "push", "granted": true, "policyVersion": "v1", "source": "app" }""")).Status.Should().Be(HttpStatusCode.Created);

        // Every Monday for three weeks, then nothing for 40 days: 40 days since the last visit against a 7-day rhythm.
        for (var week = 0; week < 3; week++)
        {
            await Client.PostAsync("/purchases", Purchase($"d-drifting-{week}", "m-drifting"));
            Factory.Clock.AdvanceDays(7);
        }

        Factory.Clock.AdvanceDays(40 - 7);
        var report = await Factory.Jobs.RunOnceAsync();

        report.AsOf.Should().Be(Factory.Clock.GetCurrentInstant());
        report.Segmentation.Customers.Should().BeGreaterThanOrEqualTo(1);
        report.Churn.CustomersVisited.Should().BeGreaterThanOrEqualTo(1);
        var drifting = new CustomerId("m-drifting");
        var segments = await Factory.Services.GetRequiredService<SegmentationManager>().GetSegmentsAsync(drifting);
        segments!.AsOf.Should().Be(report.AsOf);
        segments.Assignments.Should().NotBeEmpty();
        var assessment = await Factory.Services.GetRequiredService<ChurnManager>().GetAssessmentAsync(drifting);
        assessment!.Level.Should().Be(ChurnLevel.Critical, "cadence: 40 days against 2 x 7, strength capped at 1");
        var (_, wallet, _) = await Client.GetJsonAsync("/customers/m-drifting/coupons");
        wallet.AsArray().Select(c => c!["templateId"]!.GetValue<string>()).Should().Contain("winback-15");
    }

    [Fact]
    public async Task Health_IncludesTheStore()
    {
        var response = await Client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task OpenApi_ListsTheEndpoints()
    {
        var (status, document, _) = await Client.GetJsonAsync("/openapi/v1.json");

        status.Should().Be(HttpStatusCode.OK);
        document["openapi"]!.GetValue<string>().Should().StartWith("3.");
        document["paths"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(
            "/customers", "/customers/{id}/card", "/customers/{id}/points", "/customers/{id}/tier", "/customers/{id}/consents", "/customers/{id}/contact", "/customers/{id}/coupons",
            "/purchases", "/refunds", "/coupons/evaluate", "/coupons/reserve", "/coupons/release");
        document["paths"]!["/purchases"]!["post"]!["operationId"]!.GetValue<string>().Should().Be("RecordPurchase");
        document["components"]!["schemas"]!["Money"]!["type"]!.GetValue<string>().Should().Be("string");
    }

    /// <summary>Two lattes at 32.00 (line 1) and a croissant at 14.00 (line 2), 78.00 CNY paid, at the clock's now.</summary>
    protected string Purchase(string id, string customerId) => Purchase(
        id,
        customerId,
        """
        { "lineId": "1", "sku": "latte", "category": "coffee", "quantity": 2, "unitPrice": "32.00 CNY" },
        { "lineId": "2", "sku": "croissant", "category": "bakery", "quantity": 1, "unitPrice": "14.00 CNY" }
        """,
        "78.00 CNY");

    protected string Purchase(string id, string customerId, string lines, string paid) => $$"""
        { "id": "{{id}}", "customerId": "{{customerId}}", "storeId": "sh-01", "channel": "inStore", "occurredAt": "{{Now}}",
          "lines": [ {{lines}} ], "paidTotal": "{{paid}}" }
        """;

    private string Now => Factory.Clock.GetCurrentInstant().ToString();

    private static string Without(JsonNode body, params string[] names)
    {
        var copy = body.DeepClone().AsObject();
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return copy.ToJsonString();
    }
}

/// <summary>The scenarios on in-memory storage.</summary>
public sealed class InMemoryTillServiceTests(TillServiceFactory factory) : TillServiceScenarios(factory), IClassFixture<TillServiceFactory>;

/// <summary>The scenarios on a SQLite file, as the service runs by default.</summary>
public sealed class SqliteTillServiceTests(SqliteTillServiceFactory factory) : TillServiceScenarios(factory), IClassFixture<SqliteTillServiceFactory>;
