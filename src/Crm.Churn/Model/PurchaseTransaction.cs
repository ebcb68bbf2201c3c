using NodaTime;

namespace Crm.Churn;

/// <summary>One purchase as <see cref="TransactionSummary"/> reads it: who bought, when, and for how much.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="At">The instant of the purchase.</param>
/// <param name="Amount">The value of the purchase, in the programme's currency (summed per period as it is, sign included).</param>
public readonly record struct PurchaseTransaction(CustomerId CustomerId, Instant At, decimal Amount);
