using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Campaigns.Tests;

public sealed class CampaignsOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void Validate_PageSizeOutOfRange_Fails(int pageSize)
    {
        new CampaignsOptionsValidator().Validate(null, new CampaignsOptions { PageSize = pageSize }).Failed.Should().BeTrue();
    }

    [Fact]
    public void AddCampaigns_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = TestCrm.Shanghai;
        }).UseInMemoryStorage();

        builder.AddCampaigns().AddCampaigns();

        services.Count(d => d.ServiceType == typeof(CampaignManager)).Should().Be(1);
        services.Count(d => d.ImplementationType == typeof(CampaignsOptionsValidator)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICustomerDataContributor) && d.ImplementationType?.Name == "CampaignsDataContributor").Should().Be(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<CampaignManager>().Should().NotBeNull();
        provider.GetRequiredService<IOptions<CampaignsOptions>>().Value.PageSize.Should().Be(5000);
    }
}
