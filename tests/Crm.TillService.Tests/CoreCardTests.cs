using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Crm.TillService.Tests;

/// <summary>Without Crm.Feedback, the card comes from the core packages.</summary>
public sealed class CoreCardTests(TillServiceFactory factory) : IClassFixture<TillServiceFactory>
{
    [Fact]
    public async Task CustomerCard_WithoutFeedback_ComesFromTheCorePackages()
    {
        using var withoutFeedback = factory.WithWebHostBuilder(b => b.UseSetting("Crm:Feedback", "false"));
        var client = withoutFeedback.CreateClient();
        await client.PostAsync("/customers", """{ "id": "m-core-card" }""");
        await client.PostAsync("/purchases", $$"""
            { "id": "cc-1", "customerId": "m-core-card", "storeId": "sh-01", "occurredAt": "{{factory.Clock.GetCurrentInstant()}}",
              "lines": [ { "lineId": "1", "sku": "latte", "category": "coffee", "quantity": 1, "unitPrice": "32.00 CNY" } ], "paidTotal": "32.00 CNY" }
            """);

        var (status, card, _) = await client.GetJsonAsync("/customers/m-core-card/card");

        status.Should().Be(HttpStatusCode.OK);
        card["source"]!.GetValue<string>().Should().Be("core");
        card["totalSpend"]!.GetValue<string>().Should().Be("32.00 CNY");
        card["tier"]!.GetValue<string>().Should().Be("green");
        card["pointsAvailable"]!.GetValue<long>().Should().Be(32);
    }
}
