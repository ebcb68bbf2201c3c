using NodaTime;

namespace Crm;

/// <summary>
/// Tells other packages which tier a customer holds. Crm.Membership implements it; without it, no customer has a tier.
/// </summary>
/// <remarks>This is how Crm.Points applies tier multipliers and Crm.Coupons checks tier conditions without referencing Crm.Membership.</remarks>
public interface ICustomerTierProvider
{
    /// <summary>Gets the tier a customer holds at an instant, as far as the committed records tell.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="asOf">The instant (a staff override counts while it lasts).</param>
    /// <param name="unitOfWork">The unit of work to read through (a fact being recorded), or <see langword="null"/> to read the stores directly.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tier, or <see langword="null"/> when the customer holds none.</returns>
    ValueTask<CustomerTier?> GetTierAsync(CustomerId customerId, Instant asOf, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default);
}
