namespace Crm;

/// <summary>
/// The channels a customer can be contacted on. Consent is recorded per purpose and single channel (<see cref="ConsentRecord"/>);
/// a set of flags names several channels (a win-back action's).
/// </summary>
/// <remarks>Anything that sends a message asks <see cref="ContactPolicy"/> first, for the message's purpose and channel.</remarks>
[Flags]
public enum ContactChannels
{
    /// <summary>No consent on any channel.</summary>
    None = 0,

    /// <summary>Text messages to the customer's phone.</summary>
    Sms = 1,

    /// <summary>E-mail.</summary>
    Email = 2,

    /// <summary>Push notifications of the chain's app.</summary>
    Push = 4,

    /// <summary>Messages inside the chain's app.</summary>
    App = 8,

    /// <summary>Phone calls to the customer.</summary>
    PhoneCall = 16,

    /// <summary>Messages through the chain's WeChat official account.</summary>
    WeChat = 32,

    /// <summary>Messages inside the chain's mini-program (such as WeChat subscription messages).</summary>
    MiniProgram = 64,

    /// <summary>Messages through a delivery platform the chain sells on (such as Meituan or Ele.me).</summary>
    DeliveryPlatform = 128,
}
