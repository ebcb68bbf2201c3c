using System.Globalization;
using FluentAssertions;
using NodaTime;

namespace Crm.Core.Tests.Localisation;

public sealed class CultureTextsTests
{
    private static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");
    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 0, 0);

    [Fact]
    public void Money_InItsCulturesCurrency_UsesTheCulturesSymbol()
    {
        var amount = new Money(1234.5m, Currency.CNY);

        amount.ToString(null, ZhCn).Should().Be("¥1,234.50");
        string.Format(ZhCn, "{0}", amount).Should().Be("¥1,234.50");
    }

    [Fact]
    public void Money_InAnotherCurrency_UsesTheCulturesDigitsAndTheCode()
    {
        new Money(1234.5m, Currency.CNY).ToString(null, EnUs).Should().Be("1,234.50 CNY");
        new Money(1234.5m, Currency.USD).ToString(null, ZhCn).Should().Be("1,234.50 USD");
    }

    [Fact]
    public void Money_InvariantOrNoCulture_PrintsAsToString()
    {
        var amount = new Money(1234.5m, Currency.CNY);

        amount.ToString(null, CultureInfo.InvariantCulture).Should().Be("1234.50 CNY");
        amount.ToString(null, null).Should().Be(amount.ToString());
        FormattableString.Invariant($"{amount}").Should().Be("1234.50 CNY");
    }

    [Fact]
    public void ContactDecision_ExplainsInTheCultureAsked()
    {
        var customer = new CustomerId("c1");
        var profile = new CustomerProfile { Id = customer, JoinedAt = At };
        ConsentRecord[] records =
        [
            new() { Id = "r1", CustomerId = customer, Purpose = ConsentPurpose.Marketing, Channel = ContactChannels.Sms, Granted = true, PolicyVersion = "v3", Source = "app", At = At, RecordedAt = At },
        ];

        var en = ContactPolicy.Decide(customer, profile, records, ConsentPurpose.Marketing, ContactChannels.Sms, At, CultureInfo.InvariantCulture);
        var zh = ContactPolicy.Decide(customer, profile, records, ConsentPurpose.Marketing, ContactChannels.Sms, At, ZhCn);
        var none = ContactPolicy.Decide(customer, profile, [], ConsentPurpose.Surveys, ContactChannels.WeChat, At, ZhCn);

        en.Explanation.Should().Be("Marketing by Sms granted at 2026-06-01T00:00:00Z via 'app' under policy 'v3' by the customer (record 'r1').");
        zh.Explanation.Should().Be("通过短信联系（营销）已于 2026-06-01T00:00:00Z 经“app”按隐私政策“v3”由顾客本人同意（记录“r1”）。");
        none.Explanation.Should().Be("通过微信联系（满意度调查）：没有同意记录。");
    }

    [Fact]
    public void ContactDecision_WithoutACulture_UsesTheCurrentUICulture()
    {
        var customer = new CustomerId("c1");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhCn;
            ContactPolicy.Decide(customer, null, [], ConsentPurpose.Marketing, ContactChannels.Email, At).Explanation
                .Should().Be("通过电子邮件联系（营销）：顾客 c1 未注册。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
