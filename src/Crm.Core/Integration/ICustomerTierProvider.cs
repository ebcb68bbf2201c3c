namespace Crm;

/// <summary>
/// Tells other packages which tier a customer holds. Crm.Membership implements it; without it, no customer has a tier.
/// </summary>
/// <remarks>This is how Crm.Points applies tier multipliers and Crm.Coupons checks tier conditions without referencing Crm.Membership.</remarks>
public interface ICustomerTierProvider
{
    /// <summary>Gets the tier a customer holds now.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier, or <see langword="null"/> when the customer holds none.</returns>
    ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
