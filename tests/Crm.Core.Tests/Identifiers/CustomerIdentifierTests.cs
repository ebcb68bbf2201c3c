namespace Crm.Core.Tests.Identifiers;

public sealed class CustomerIdentifierTests
{
    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData(" 138 0013 8000 ", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("+86 (138) 0013-8000", "+8613800138000")]
    [InlineData("008613800138000", "+8613800138000")]
    [InlineData("１３８００１３８０００", "+8613800138000")]
    [InlineData("＋８６　１３８００１３８０００", "+8613800138000")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("+1 (415) 555-0123", "+14155550123")]
    [InlineData("+861012345678", "+861012345678")]
    public void Normalize_PhoneSpellings_GiveOneE164Form(string input, string expected)
    {
        var normalized = CustomerIdentifier.Phone(input).Normalize();

        normalized.Value.Should().Be(expected);
        normalized.Scope.Should().BeNull();
        normalized.Normalize().Should().Be(normalized, "normalising twice changes nothing");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("138OO138OOO")]
    [InlineData("1380013800a")]
    [InlineData("tel:13800138000")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("23800138000")]
    [InlineData("12800138000")]
    [InlineData("+86 139 1234 567")]
    [InlineData("02112345678")]
    [InlineData("+0123456789")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("+86 138 0013 800")]
    [InlineData("+8613800138000#1")]
    [InlineData("13800+138000")]
    [InlineData("++8613800138000")]
    [InlineData("138\u00000138000")]
    public void Normalize_BadPhone_IsRefusedWithoutEchoingTheNumber(string input)
    {
        var act = () => CustomerIdentifier.Phone(input).Normalize();

        var error = act.Should().Throw<CrmValidationException>().Which;
        error.ErrorCode.Should().Be(CrmErrorCodes.IdentifierPhoneInvalid);
        if (input.Trim().Length > 3)
        {
            error.Message.Should().NotContain(input.Trim());
        }
    }

    [Fact]
    public void Normalize_MemberCard_DropsWhiteSpaceAndUpperCases()
    {
        CustomerIdentifier.MemberCard(" vip 0012 ab ").Normalize().Value.Should().Be("VIP0012AB");
    }

    [Fact]
    public void Normalize_WeChatOpenId_TrimsAndKeepsCase()
    {
        var normalized = CustomerIdentifier.WeChatOpenId(" wx5f3a9c0b1d2e4f60 ", " oUpF8uMuAJO_M2pxb1Q9zNjWeS6o ").Normalize();

        normalized.Should().Be(new CustomerIdentifier { Kind = CustomerIdentifierKind.WeChatOpenId, Scope = "wx5f3a9c0b1d2e4f60", Value = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" });
    }

    [Theory]
    [InlineData(CustomerIdentifierKind.WeChatOpenId, null, "o1", "identifier.scope_missing")]
    [InlineData(CustomerIdentifierKind.DeliveryPlatform, "  ", "d1", "identifier.scope_missing")]
    [InlineData(CustomerIdentifierKind.Phone, "cn", "13800138000", "identifier.scope_not_allowed")]
    [InlineData(CustomerIdentifierKind.MemberCard, "shop", "A1", "identifier.scope_not_allowed")]
    [InlineData(CustomerIdentifierKind.DeliveryPlatform, "mei tuan", "d1", "identifier.scope_invalid")]
    [InlineData(CustomerIdentifierKind.AppUserId, "app\u0007", "u1", "identifier.scope_invalid")]
    [InlineData(CustomerIdentifierKind.AppUserId, null, "", "identifier.value_invalid")]
    [InlineData(CustomerIdentifierKind.AppUserId, null, "u 1", "identifier.value_invalid")]
    [InlineData(CustomerIdentifierKind.WeChatUnionId, null, "o\u0000x", "identifier.value_invalid")]
    [InlineData(CustomerIdentifierKind.MemberCard, null, "\t", "identifier.value_invalid")]
    [InlineData((CustomerIdentifierKind)0, null, "x", "identifier.kind_invalid")]
    [InlineData((CustomerIdentifierKind)7, null, "x", "identifier.kind_invalid")]
    public void Normalize_BadIdentifier_IsRefusedWithItsCode(CustomerIdentifierKind kind, string? scope, string value, string code)
    {
        var act = () => new CustomerIdentifier { Kind = kind, Scope = scope, Value = value }.Normalize();

        act.Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(code);
    }

    [Fact]
    public void Normalize_LengthBounds_AreInclusive()
    {
        CustomerIdentifier.MemberCard(new string('7', 64)).Normalize().Value.Should().HaveLength(64);
        CustomerIdentifier.AppUserId(new string('u', 128), new string('a', 64)).Normalize().Value.Should().HaveLength(128);

        FluentActions.Invoking(() => CustomerIdentifier.MemberCard(new string('7', 65)).Normalize()).Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierValueInvalid);
        FluentActions.Invoking(() => CustomerIdentifier.AppUserId(new string('u', 129)).Normalize()).Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierValueInvalid);
        FluentActions.Invoking(() => CustomerIdentifier.AppUserId("u", new string('a', 65)).Normalize()).Should().Throw<CrmValidationException>().Which.ErrorCode.Should().Be(CrmErrorCodes.IdentifierScopeInvalid);
    }

    [Fact]
    public void ToString_ShowsKindAndScopeButNotTheValue()
    {
        CustomerIdentifier.Phone("13800138000").ToString().Should().Be("Phone");
        CustomerIdentifier.DeliveryPlatform("meituan", "secret-42").ToString().Should().Be("DeliveryPlatform (meituan)");
    }
}
