using System.Text.Json.Serialization;
using NodaTime;

namespace Crm.Core.Tests.Serialization;

public sealed class CrmJsonTests
{
    [Fact]
    public void RoundTrip_MoneyNodaTimeEnumsAndPolymorphism()
    {
        var doc = new Doc
        {
            MinimumSpend = new Money(30m, Currency.CNY),
            From = new LocalTime(15, 0),
            Day = IsoDayOfWeek.Tuesday,
            Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
            Rules = [new Multiply { Factor = 2m }, new Add { Points = new PointAmount(50) }],
        };

        var json = CrmJson.Serialize(doc);
        var back = CrmJson.Deserialize<Doc>(json);

        json.Should().Contain("\"30.00 CNY\"").And.Contain("\"kind\": \"multiply\"").And.Contain("\"tuesday\"").And.Contain("\"15:00:00\"");
        back.MinimumSpend.Should().Be(doc.MinimumSpend);
        back.From.Should().Be(doc.From);
        back.Zone.Should().Be(doc.Zone);
        back.Rules.Should().HaveCount(2).And.ContainItemsAssignableTo<Rule>();
        ((Add)back.Rules[1]).Points.Should().Be(new PointAmount(50));
    }

    [Theory]
    [InlineData("""{ "minimumSpend": "30.00 CNY", "rules": [ { "kind": "multiply", "factor": "x" } ] }""", "$.rules[0].factor")]
    [InlineData("""{ "minimumSpend": "30.00 CNY", "rules": [], "minimumSpnd": 1 }""", "$.minimumSpnd")]
    [InlineData("""{ "minimumSpend": "thirty", "rules": [] }""", "$.minimumSpend")]
    [InlineData("""{ "minimumSpend": "30.00 CNY", "rules": [ { "kind": "divide" } ] }""", "$.rules[0]")]
    public void Deserialize_BadDocument_FailsWithJsonPath(string json, string path)
    {
        var act = () => CrmJson.Deserialize<Doc>(json);

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.RulesInvalid);
        error.Field.Should().StartWith(path);
        error.Message.Should().Contain("line 1");
    }

    [Fact]
    public void Deserialize_MissingRequiredProperty_Fails()
    {
        var act = () => CrmJson.Deserialize<Doc>("""{ "rules": [] }""");

        act.Should().Throw<CrmValidationException>().Which.Message.Should().Contain("minimumSpend");
    }

    public sealed class Doc
    {
        public required Money MinimumSpend { get; init; }

        public LocalTime? From { get; init; }

        public IsoDayOfWeek? Day { get; init; }

        public DateTimeZone? Zone { get; init; }

        public required IReadOnlyList<Rule> Rules { get; init; }
    }

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
    [JsonDerivedType(typeof(Multiply), "multiply")]
    [JsonDerivedType(typeof(Add), "add")]
    public abstract class Rule;

    public sealed class Multiply : Rule
    {
        public decimal Factor { get; init; }
    }

    public sealed class Add : Rule
    {
        public PointAmount Points { get; init; }
    }
}
