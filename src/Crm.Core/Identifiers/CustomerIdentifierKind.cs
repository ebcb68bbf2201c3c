namespace Crm;

/// <summary>A door through which a customer reaches the chain, each with its own space of values.</summary>
/// <remarks>See <see cref="CustomerIdentifier"/> for how each kind is normalised and which kinds take a scope.</remarks>
public enum CustomerIdentifierKind
{
    /// <summary>A phone number, given at the till; normalised to <c>+</c> and digits (a mainland mobile of 11 digits, 13… to 19…, gets <c>+86</c>).</summary>
    Phone = 1,

    /// <summary>A member card number, physical or virtual.</summary>
    MemberCard = 2,

    /// <summary>A WeChat openid, unique only within one WeChat app (mini-program or official account): the scope is that app id.</summary>
    WeChatOpenId = 3,

    /// <summary>A WeChat unionid, unique within one WeChat Open Platform account: the scope names the account when the chain has several.</summary>
    WeChatUnionId = 4,

    /// <summary>The user id of the chain's own app: the scope names the app when the chain has several.</summary>
    AppUserId = 5,

    /// <summary>A delivery platform's customer id: the scope is the platform (such as <c>meituan</c> or <c>eleme</c>).</summary>
    DeliveryPlatform = 6,
}
