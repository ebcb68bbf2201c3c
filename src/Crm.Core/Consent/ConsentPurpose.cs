namespace Crm;

/// <summary>What a customer agrees (or refuses) to be contacted for; consent is given per purpose and channel (<see cref="ConsentRecord"/>).</summary>
/// <remarks>There is no zero value: <c>default(ConsentPurpose)</c> names no purpose and is refused (<see cref="CrmErrorCodes.ConsentPurposeInvalid"/>).</remarks>
public enum ConsentPurpose
{
    /// <summary>Offers and promotions: win-back coupons, campaigns.</summary>
    Marketing = 1,

    /// <summary>Satisfaction surveys (invitations after a purchase).</summary>
    Surveys = 2,

    /// <summary>Personalised recommendations pushed to the customer.</summary>
    Recommendations = 3,

    /// <summary>Analysis of the customer's behaviour on a channel (such as app usage) beyond what the programme needs to run.</summary>
    Analytics = 4,
}
