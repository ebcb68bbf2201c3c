namespace Crm;

/// <summary>Why a customer may or may not be contacted for a purpose on a channel (<see cref="ContactDecision.Reason"/>).</summary>
public enum ContactDecisionReason
{
    /// <summary>Allowed: the latest consent record of the purpose and channel grants it.</summary>
    Granted = 0,

    /// <summary>Refused: the latest consent record of the purpose and channel withdraws it.</summary>
    Withdrawn = 1,

    /// <summary>Refused: no consent record for the purpose and channel (consent is never assumed).</summary>
    NoConsentRecord = 2,

    /// <summary>Refused: the customer's personal data was erased, whatever the records say.</summary>
    CustomerErased = 3,

    /// <summary>Refused: no customer has the id.</summary>
    CustomerNotFound = 4,
}
