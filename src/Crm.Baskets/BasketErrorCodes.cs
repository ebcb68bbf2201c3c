namespace Crm.Baskets;

/// <summary>The stable error codes of Crm.Baskets, carried by its <see cref="CrmException"/>s.</summary>
/// <remarks>Rules documents that do not validate use <see cref="CrmErrorCodes.RulesInvalid"/> with the JSON path, as in every package.</remarks>
public static class BasketErrorCodes
{
    /// <summary>A mining or recommendation request is malformed: a period that ends before it starts, a count out of range, an item that is not a key.</summary>
    public const string RequestInvalid = "baskets.request_invalid";

    /// <summary>No model has been mined for the scope yet; run <see cref="BasketManager.MineAsync"/> first.</summary>
    public const string ModelNotFound = "baskets.model_not_found";
}
