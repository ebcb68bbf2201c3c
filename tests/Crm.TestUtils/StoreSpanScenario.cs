using System.Diagnostics;
using Crm.Baskets;
using Crm.Campaigns;
using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using FluentAssertions;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>
/// Issue 27's trace of a purchase down to the database, for the relational adapters: with every package installed, a
/// purchase's store round trips are <c>crm.store</c> spans beneath the fact's steps, named and tagged after the store
/// interface and method, and no span tag carries the customer's id.
/// </summary>
public static class StoreSpanScenario
{
    /// <summary>The name of the relational stores' activity source (<c>RelationalTelemetry.Name</c>, which this project does not reference).</summary>
    public const string StoreSource = "Crm.Storage.Relational";

    public static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>A CRM with every package that handles a purchase on the given storage.</summary>
    public static TestCrm Create(Action<ICrmBuilder> storage) => TestCrm.Create(Now, b =>
    {
        b.AddPoints(o => o.Rules = new EarnRules())
            .AddMembership(o => o.Policy = new TierPolicy { Window = new RollingMonthsWindow { Months = 12 }, Tiers = MembershipScenarios.GoldAt100().Tiers })
            .AddCoupons(o => o.Templates.Add(new CouponTemplate { Id = "gold-welcome", Benefit = new AmountOffBenefit { Amount = Cny(5m) }, Validity = new CouponValidity { Days = 30 } }))
            .AddChurn(o => o.Policy = new ChurnPolicy())
            .AddSegmentation()
            .AddBaskets()
            .AddFeedback()
            .AddCampaigns();
        storage(b);
    });

    /// <summary>A purchase of 120.00 (two lines) by <paramref name="customer"/>, an hour before <see cref="Now"/>.</summary>
    public static Purchase Purchase(string id, string customer) =>
        Facts.Purchase(id, customer, Now - Duration.FromHours(1), Line("1", 100m), Line("2", 20m, category: "bakery"));

    /// <summary>The spans of the relational stores among <paramref name="spans"/>.</summary>
    public static List<Activity> StoreSpans(IEnumerable<Activity> spans) => [.. spans.Where(a => a.Source.Name == StoreSource)];

    /// <summary>
    /// Asserts what every store span holds: a client span named <c>crm.store {interface}.{method}</c>, with
    /// <c>db.system.name</c> and <c>db.system</c>, <c>crm.store</c> naming a public store interface (so no store call was
    /// traced under a helper's name) and <c>crm.store.operation</c>; and that no tag of any span holds the customer's id.
    /// </summary>
    public static void AssertTagged(IReadOnlyList<Activity> spans, string dbSystem, string customer)
    {
        var stores = StoreSpans(spans);
        stores.Should().NotBeEmpty();
        foreach (var span in stores)
        {
            var store = span.GetTagItem("crm.store") as string;
            var operation = span.GetTagItem("crm.store.operation") as string;
            span.OperationName.Should().Be("crm.store");
            span.Kind.Should().Be(System.Diagnostics.ActivityKind.Client);
            span.GetTagItem("db.system.name").Should().Be(dbSystem);
            span.GetTagItem("db.system").Should().Be(dbSystem);
            store.Should().MatchRegex("^I[A-Za-z]+(Store|UnitOfWork)$", "crm.store names the store interface ({0})", span.DisplayName);
            operation.Should().EndWith("Async");
            span.DisplayName.Should().Be($"crm.store {store}.{operation}");
            span.Status.Should().Be(ActivityStatusCode.Unset);
        }

        spans.SelectMany(s => s.TagObjects).Where(t => t.Value is string text && text.Contains(customer, StringComparison.Ordinal))
            .Select(t => t.Key).Should().BeEmpty("span tags carry no personal data");
    }

    /// <summary>The store spans of a trace as "parent step: store.method", the parent named by its display name.</summary>
    public static List<string> Shape(IReadOnlyList<Activity> spans, Activity root)
    {
        var byId = spans.Append(root).ToDictionary(s => s.SpanId);
        return [.. StoreSpans(spans).Select(s => $"{(byId.TryGetValue(s.ParentSpanId, out var parent) ? parent.DisplayName : "?")}: {s.GetTagItem("crm.store")}.{s.GetTagItem("crm.store.operation")}")];
    }
}
