namespace Crm.Feedback;

/// <summary>What an interaction is about; complaint SLAs are set per category.</summary>
public enum FeedbackCategory
{
    /// <summary>The taste of a product.</summary>
    Taste = 1,

    /// <summary>The time waited for an order.</summary>
    WaitTime = 2,

    /// <summary>The staff's service.</summary>
    Staff = 3,

    /// <summary>The cleanliness of the store or the food.</summary>
    Hygiene = 4,

    /// <summary>A delivery.</summary>
    Delivery = 5,

    /// <summary>Prices.</summary>
    Price = 6,

    /// <summary>The chain's app or mini-program.</summary>
    App = 7,
}
