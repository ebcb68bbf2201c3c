namespace Crm;

/// <summary>
/// The channels on which a customer agreed to be contacted with marketing messages.
/// </summary>
/// <remarks>Anything that sends a message (a win-back offer, a birthday greeting) must check the matching flag first.</remarks>
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

    /// <summary>Messages inside the chain's app or mini-program.</summary>
    App = 8,
}
