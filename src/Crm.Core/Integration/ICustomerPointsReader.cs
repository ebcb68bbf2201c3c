using NodaTime;

namespace Crm;

/// <summary>
/// Tells other packages how many points a customer earned in a period and holds now. Crm.Points implements it; without
/// it, every customer earned none and has no balance.
/// </summary>
/// <remarks>This is how Crm.Membership qualifies tiers on points earned without referencing Crm.Points.</remarks>
public interface ICustomerPointsReader
{
    /// <summary>Gets the points a customer earned in a period, net of reversals of those earnings, as far as the committed records tell.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (inclusive).</param>
    /// <param name="unitOfWork">The unit of work to read through (a fact being recorded), or <see langword="null"/> to read the stores directly.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The points earned; zero when none.</returns>
    ValueTask<PointAmount> GetPointsEarnedAsync(CustomerId customerId, Instant from, Instant to, IStoreUnitOfWork? unitOfWork = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the points a customer can spend now (not pending, not expired, less any debt), or <see langword="null"/> when no points package is installed.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The available points (zero for a customer without an account), or <see langword="null"/> without a points package.</returns>
    ValueTask<PointAmount?> GetAvailablePointsAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
