namespace Crm;

/// <summary>
/// The stable error codes of Crm.Core, carried by <see cref="CrmException.ErrorCode"/>.
/// </summary>
/// <remarks>
/// Codes are part of the public contract: they never change once shipped, so hosts may switch on them,
/// translate them or count them. Other packages define their own codes with their own prefix.
/// </remarks>
public static class CrmErrorCodes
{
    /// <summary>A store rejected a write because its expected version was stale.</summary>
    public const string ConcurrencyConflict = "concurrency.conflict";

    /// <summary>
    /// The database could not do the work for now: unreachable, timed out, out of connections or resources, or it gave up a
    /// transaction in a deadlock; <see cref="CrmStorageException.IsTransient"/> is <see langword="true"/>, and the call may be retried.
    /// </summary>
    public const string StorageUnavailable = "storage.unavailable";

    /// <summary>
    /// The database refused the work or holds a value the store cannot read back (a damaged or read-only file, a missing
    /// table, an error of the database); retrying does not help until the database is repaired.
    /// </summary>
    public const string StorageFailed = "storage.failed";

    /// <summary>A value to write is beyond what the store can hold, such as an amount past 64-bit minor units; nothing was written.</summary>
    public const string StorageValueOutOfRange = "storage.value_out_of_range";

    /// <summary>
    /// The database file was deleted or replaced under the running process, whose open connection still wrote to the old
    /// one; nothing was written. The next call opens the file now at the path, as a new process would.
    /// </summary>
    public const string StorageDatabaseReplaced = "storage.database_replaced";

    /// <summary>A rule document (JSON or built in code) is malformed or inconsistent; the field holds its JSON path.</summary>
    public const string RulesInvalid = "rules.invalid";

    /// <summary>A customer id is empty, too long or contains control characters.</summary>
    public const string CustomerIdInvalid = "customer.id_invalid";

    /// <summary>No customer profile exists for the id.</summary>
    public const string CustomerNotFound = "customer.not_found";

    /// <summary>A field of a customer profile is not valid (for example a tag that is empty).</summary>
    public const string CustomerProfileInvalid = "customer.profile_invalid";

    /// <summary>An identifier's kind is not a <see cref="CustomerIdentifierKind"/> value.</summary>
    public const string IdentifierKindInvalid = "identifier.kind_invalid";

    /// <summary>An identifier's value (other than a phone number) is empty, too long, or holds white space inside or control characters.</summary>
    public const string IdentifierValueInvalid = "identifier.value_invalid";

    /// <summary>A phone number holds something other than digits, one leading +, spaces, hyphens and parentheses, or has no country code and is not a mainland mobile, or has the wrong number of digits.</summary>
    public const string IdentifierPhoneInvalid = "identifier.phone_invalid";

    /// <summary>An identifier of a kind whose values are unique only per app or platform (a WeChat openid, a delivery platform id) has no scope.</summary>
    public const string IdentifierScopeMissing = "identifier.scope_missing";

    /// <summary>An identifier of a kind with one value space for the whole chain (a phone number, a member card) was given a scope.</summary>
    public const string IdentifierScopeNotAllowed = "identifier.scope_not_allowed";

    /// <summary>An identifier's scope is too long or holds white space or control characters.</summary>
    public const string IdentifierScopeInvalid = "identifier.scope_invalid";

    /// <summary>The identifier is linked to another customer; the message names neither the value nor that customer.</summary>
    public const string IdentifierTaken = "identifier.taken";

    /// <summary>The customer is erased: no identifier can be linked to it.</summary>
    public const string IdentifierCustomerErased = "identifier.customer_erased";

    /// <summary>The purchase id is missing or blank.</summary>
    public const string PurchaseIdMissing = "purchase.id_missing";

    /// <summary>The purchase has no customer.</summary>
    public const string PurchaseCustomerMissing = "purchase.customer_missing";

    /// <summary>The purchase has no store id.</summary>
    public const string PurchaseStoreMissing = "purchase.store_missing";

    /// <summary>The purchase has no lines.</summary>
    public const string PurchaseLinesEmpty = "purchase.lines_empty";

    /// <summary>A purchase line has no line id.</summary>
    public const string PurchaseLineIdMissing = "purchase.line_id_missing";

    /// <summary>Two lines of one purchase share a line id.</summary>
    public const string PurchaseLineIdDuplicate = "purchase.line_id_duplicate";

    /// <summary>A purchase line has no SKU.</summary>
    public const string PurchaseSkuMissing = "purchase.sku_missing";

    /// <summary>A purchase line has no category.</summary>
    public const string PurchaseCategoryMissing = "purchase.category_missing";

    /// <summary>A purchase line has a quantity of zero or less.</summary>
    public const string PurchaseQuantityNotPositive = "purchase.quantity_not_positive";

    /// <summary>A purchase line has a negative unit price.</summary>
    public const string PurchasePriceNegative = "purchase.price_negative";

    /// <summary>A line discount is negative or larger than the line's gross amount.</summary>
    public const string PurchaseDiscountInvalid = "purchase.discount_invalid";

    /// <summary>An amount of the purchase is in another currency than the program's.</summary>
    public const string PurchaseCurrencyMismatch = "purchase.currency_mismatch";

    /// <summary>An amount has more decimal places than its currency's minor units.</summary>
    public const string PurchaseAmountPrecision = "purchase.amount_precision";

    /// <summary>The paid total is negative or larger than the sum of the lines' net amounts.</summary>
    public const string PurchasePaidTotalInvalid = "purchase.paid_total_invalid";

    /// <summary>The purchase instant lies further in the future than <see cref="CrmOptions.MaxClockSkew"/> allows.</summary>
    public const string PurchaseInFuture = "purchase.in_future";

    /// <summary>A purchase id was recorded before with different content (another customer, instant or total).</summary>
    public const string PurchaseIdReused = "purchase.id_reused";

    /// <summary>The refund id is missing.</summary>
    public const string RefundIdMissing = "refund.id_missing";

    /// <summary>The refund names no purchase.</summary>
    public const string RefundPurchaseMissing = "refund.purchase_missing";

    /// <summary>The purchase the refund names was never recorded.</summary>
    public const string RefundPurchaseNotFound = "refund.purchase_not_found";

    /// <summary>A refund must name either lines or an amount, not both and not neither.</summary>
    public const string RefundLinesOrAmount = "refund.lines_or_amount";

    /// <summary>A refund line names a line id the purchase does not have, or names it twice.</summary>
    public const string RefundLineUnknown = "refund.line_unknown";

    /// <summary>A refund line has a quantity of zero or less.</summary>
    public const string RefundQuantityNotPositive = "refund.quantity_not_positive";

    /// <summary>A refund line returns more than is left of the purchased quantity.</summary>
    public const string RefundQuantityExceedsPurchased = "refund.quantity_exceeds_purchased";

    /// <summary>A refund amount is zero or negative, or has more decimals than the currency allows.</summary>
    public const string RefundAmountInvalid = "refund.amount_invalid";

    /// <summary>A refund amount exceeds what is left of the purchase's paid total.</summary>
    public const string RefundAmountExceedsPaid = "refund.amount_exceeds_paid";

    /// <summary>The refund amount is in another currency than the purchase.</summary>
    public const string RefundCurrencyMismatch = "refund.currency_mismatch";

    /// <summary>The refund instant is before the purchase instant or too far in the future.</summary>
    public const string RefundInstantInvalid = "refund.instant_invalid";

    /// <summary>A refund id was recorded before for another purchase or with different content (amount, lines or instant).</summary>
    public const string RefundIdReused = "refund.id_reused";

    /// <summary>An id or key the host passed breaks the rule of <see cref="HostKey"/> (too long, a control character, blank or padded with white space).</summary>
    public const string KeyInvalid = "key.invalid";

    /// <summary>The purchase's channel is not a <see cref="SalesChannel"/> value.</summary>
    public const string PurchaseChannelInvalid = "purchase.channel_invalid";

    /// <summary>The purchase is dated before <see cref="CrmOptions.EarliestFactInstant"/>.</summary>
    public const string PurchaseTooEarly = "purchase.too_early";

    /// <summary>An amount of the purchase (a unit price, a line's gross amount or the lines' net sum) is above <see cref="CrmOptions.MaxFactAmount"/>.</summary>
    public const string PurchaseAmountTooLarge = "purchase.amount_too_large";

    /// <summary>A line's quantity is above <see cref="CrmOptions.MaxLineQuantity"/> or has more decimals than <see cref="CrmOptions.QuantityDecimals"/>.</summary>
    public const string PurchaseQuantityInvalid = "purchase.quantity_invalid";

    /// <summary>The purchase has more lines than <see cref="CrmOptions.MaxLinesPerFact"/>.</summary>
    public const string PurchaseTooManyLines = "purchase.too_many_lines";

    /// <summary>The purchase would take the customer's net spend above <see cref="CrmOptions.MaxCustomerNetSpend"/>.</summary>
    public const string PurchaseCustomerSpendTooLarge = "purchase.customer_spend_too_large";

    /// <summary>A refund line's quantity has more decimals than <see cref="CrmOptions.QuantityDecimals"/>.</summary>
    public const string RefundQuantityInvalid = "refund.quantity_invalid";

    /// <summary>A consent record's purpose is not a <see cref="ConsentPurpose"/> value.</summary>
    public const string ConsentPurposeInvalid = "consent.purpose_invalid";

    /// <summary>A consent record's (or a contact question's) channel is not exactly one <see cref="ContactChannels"/> channel.</summary>
    public const string ConsentChannelInvalid = "consent.channel_invalid";

    /// <summary>A consent record's instant is later than the clock allows (<see cref="CrmOptions.MaxClockSkew"/>) or earlier than <see cref="CrmOptions.EarliestFactInstant"/>.</summary>
    public const string ConsentInstantInvalid = "consent.instant_invalid";

    /// <summary>A consent record's id was recorded before with other content.</summary>
    public const string ConsentIdReused = "consent.id_reused";
}
