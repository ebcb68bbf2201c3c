namespace Crm.Feedback;

/// <summary>Where an interaction reached the chain.</summary>
public enum FeedbackChannel
{
    /// <summary>At the till or a table, in a store.</summary>
    InStore = 1,

    /// <summary>On the phone (including a return visit call).</summary>
    Phone = 2,

    /// <summary>In the chain's app.</summary>
    App = 3,

    /// <summary>In the chain's mini-program.</summary>
    MiniProgram = 4,

    /// <summary>On a delivery platform's review or support page.</summary>
    DeliveryPlatform = 5,

    /// <summary>On social media.</summary>
    SocialMedia = 6,
}
