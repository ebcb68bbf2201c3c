using Crm.Internal;

namespace Crm;

/// <summary>
/// One way of recognising a customer: a phone number, a member card, a WeChat openid or unionid, an app user id or a delivery
/// platform's id, with the scope (the issuing app or platform) where one value space is per scope. An identifier belongs
/// to at most one customer.
/// </summary>
/// <remarks>
/// <para>The manager normalises every identifier (<see cref="Normalize"/>) before it is hashed, stored or looked up, so that
/// "138 0013 8000" at the till and "+86 138-0013-8000" from the app find the same customer:</para>
/// <list type="bullet">
/// <item><see cref="CustomerIdentifierKind.Phone"/>: spaces, hyphens and parentheses are dropped and full-width digits read
/// as digits; a leading <c>00</c> is read as <c>+</c>. With <c>+</c>: 8 to 15 digits, the first not 0 (E.164), and a
/// <c>+86</c> mobile (<c>+8613…</c> to <c>+8619…</c>) has exactly 11 digits after <c>86</c>. Without <c>+</c>: only a
/// mainland mobile, 11 digits starting with 13 to 19, which becomes <c>+86</c> and the digits. Anything else (letters, <c>*</c>, <c>#</c>, a
/// local number without its country code) is refused with <see cref="CrmErrorCodes.IdentifierPhoneInvalid"/>. No scope.</item>
/// <item><see cref="CustomerIdentifierKind.MemberCard"/>: white space removed, ASCII letters upper-cased, 1 to 64
/// characters. No scope.</item>
/// <item>The other kinds: trimmed, 1 to 128 characters, no white space inside, compared exactly (openids are
/// case-sensitive). <see cref="CustomerIdentifierKind.WeChatOpenId"/> and <see cref="CustomerIdentifierKind.DeliveryPlatform"/>
/// require a scope; <see cref="CustomerIdentifierKind.WeChatUnionId"/> and <see cref="CustomerIdentifierKind.AppUserId"/>
/// take one optionally.</item>
/// </list>
/// <para>A scope is trimmed, 1 to 64 characters, no white space inside, compared exactly; an empty scope is no scope. Every
/// value and scope also follows <see cref="HostKey"/>'s rule (no control characters, no unpaired surrogates).</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed record CustomerIdentifier
{
    /// <summary>The longest member card number, after normalisation.</summary>
    public const int MaxMemberCardLength = 64;

    /// <summary>The longest value of the other non-phone kinds, after normalisation.</summary>
    public const int MaxValueLength = 128;

    /// <summary>The longest scope (app id, platform name).</summary>
    public const int MaxScopeLength = 64;

    /// <summary>Gets the kind.</summary>
    public required CustomerIdentifierKind Kind { get; init; }

    /// <summary>Gets the value: the number or id as the host passed it (normalised by <see cref="Normalize"/>).</summary>
    public required string Value { get; init; }

    /// <summary>Gets the issuing app or platform for kinds whose values are unique only within one, or <see langword="null"/> for none.</summary>
    public string? Scope { get; init; }

    /// <summary>Creates a phone identifier.</summary>
    /// <param name="number">The number, such as <c>13800138000</c> or <c>+86 138 0013 8000</c>.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier Phone(string number) => new() { Kind = CustomerIdentifierKind.Phone, Value = number };

    /// <summary>Creates a member card identifier.</summary>
    /// <param name="number">The card number.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier MemberCard(string number) => new() { Kind = CustomerIdentifierKind.MemberCard, Value = number };

    /// <summary>Creates a WeChat openid identifier.</summary>
    /// <param name="appId">The WeChat app id (mini-program or official account) that issued the openid.</param>
    /// <param name="openId">The openid.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier WeChatOpenId(string appId, string openId) => new() { Kind = CustomerIdentifierKind.WeChatOpenId, Scope = appId, Value = openId };

    /// <summary>Creates a WeChat unionid identifier.</summary>
    /// <param name="unionId">The unionid.</param>
    /// <param name="openPlatformAccount">The Open Platform account, when the chain has several; otherwise <see langword="null"/>.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier WeChatUnionId(string unionId, string? openPlatformAccount = null) => new() { Kind = CustomerIdentifierKind.WeChatUnionId, Scope = openPlatformAccount, Value = unionId };

    /// <summary>Creates an app user id identifier.</summary>
    /// <param name="userId">The user id in the chain's app.</param>
    /// <param name="app">The app, when the chain has several; otherwise <see langword="null"/>.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier AppUserId(string userId, string? app = null) => new() { Kind = CustomerIdentifierKind.AppUserId, Scope = app, Value = userId };

    /// <summary>Creates a delivery platform identifier.</summary>
    /// <param name="platform">The platform, such as <c>meituan</c>.</param>
    /// <param name="customerId">The platform's id of the customer.</param>
    /// <returns>The identifier (not yet normalised).</returns>
    public static CustomerIdentifier DeliveryPlatform(string platform, string customerId) => new() { Kind = CustomerIdentifierKind.DeliveryPlatform, Scope = platform, Value = customerId };

    /// <summary>Gets the identifier in its one stored form, as described in the remarks of <see cref="CustomerIdentifier"/>.</summary>
    /// <returns>The normalised identifier; normalising it again gives the same.</returns>
    /// <exception cref="CrmValidationException">The identifier is not valid: <see cref="CrmErrorCodes.IdentifierKindInvalid"/>, <see cref="CrmErrorCodes.IdentifierValueInvalid"/>, <see cref="CrmErrorCodes.IdentifierPhoneInvalid"/>, <see cref="CrmErrorCodes.IdentifierScopeMissing"/>, <see cref="CrmErrorCodes.IdentifierScopeNotAllowed"/> or <see cref="CrmErrorCodes.IdentifierScopeInvalid"/>.</exception>
    public CustomerIdentifier Normalize() => IdentifierNormalizer.Normalize(this);

    /// <summary>Gets the kind and scope only: the value is personal data and stays out of logs and messages.</summary>
    /// <returns>Such as <c>WeChatOpenId (wx1234)</c>.</returns>
    public override string ToString() => Scope is null ? Kind.ToString() : $"{Kind} ({Scope})";
}
