namespace Crm;

/// <summary>
/// Tells other packages which segments a customer is in. Crm.Segmentation implements it; without it, no customer is in any segment.
/// </summary>
public interface ICustomerSegmentProvider
{
    /// <summary>Gets the names of the segments a customer is in now.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The segment names (ordinal, case-sensitive); empty when none.</returns>
    ValueTask<IReadOnlyCollection<string>> GetSegmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default);
}
