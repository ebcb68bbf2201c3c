namespace Crm;

/// <summary>The channel through which a purchase was made.</summary>
public enum SalesChannel
{
    /// <summary>At a till in a store.</summary>
    InStore = 0,

    /// <summary>In the chain's own app (order ahead, pick up in store).</summary>
    App = 1,

    /// <summary>In a mini-program inside a super-app (WeChat, Alipay).</summary>
    MiniProgram = 2,

    /// <summary>Through a delivery platform or the chain's own delivery.</summary>
    Delivery = 3,

    /// <summary>On a web shop.</summary>
    Web = 4,

    /// <summary>Any other channel.</summary>
    Other = 5,
}
