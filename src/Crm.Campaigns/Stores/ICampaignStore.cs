namespace Crm.Campaigns;

/// <summary>
/// Persists campaigns, their assignments and imported outcomes. It only persists: assignment, consent, budgets and
/// measurement are decided by <see cref="CampaignManager"/>.
/// </summary>
/// <remarks>
/// <para>Assignments and outcomes are keyed by campaign and customer; lists are in ordinal order of the customer id, paged
/// after a customer id. Writes made through a store bound to a unit of work (<see cref="IStoreUnitOfWork.GetStore{TStore}"/>)
/// take effect when the unit commits, and their preconditions are checked then.</para>
/// <para>The conformance suite <c>Crm.Testing.Conformance.CampaignStoreConformanceTests</c> checks each sentence.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to use from many threads at once.</threadsafety>
public interface ICampaignStore
{
    /// <summary>Adds a campaign unless one has its id.</summary>
    /// <param name="campaign">The campaign, validated.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken (nothing written).</returns>
    Task<bool> AddCampaignAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>Finds a campaign.</summary>
    /// <param name="campaignId">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The campaign, or <see langword="null"/> when none has the id.</returns>
    Task<Campaign?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Adds assignments, each unless its campaign and customer already have one (idempotent by that key); each is stored with version 1.</summary>
    /// <param name="assignments">The assignments; no two with the same campaign and customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were added; the rest were already there and are left unchanged.</returns>
    Task<int> AddAssignmentsAsync(IReadOnlyList<CampaignAssignment> assignments, CancellationToken cancellationToken = default);

    /// <summary>Finds a customer's assignment to a campaign.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assignment, or <see langword="null"/> when the customer has none in the campaign.</returns>
    Task<CampaignAssignment?> FindAssignmentAsync(string campaignId, CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an assignment if its stored version is <paramref name="expectedVersion"/> (0: none stored yet) and, when it
    /// <see cref="CampaignAssignment.UsesBudget"/>, fewer than <paramref name="maxBudgetUses"/> of the campaign's stored
    /// assignments use the budget.
    /// </summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="expectedVersion">The version it must have now, 0 for a new one.</param>
    /// <param name="maxBudgetUses">The campaign's budget, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assignment as stored, with version <paramref name="expectedVersion"/> + 1.</returns>
    /// <exception cref="CrmConcurrencyException">The version moved, or the budget is used up; nothing was written.</exception>
    Task<CampaignAssignment> SaveAssignmentAsync(CampaignAssignment assignment, long expectedVersion, int? maxBudgetUses, CancellationToken cancellationToken = default);

    /// <summary>Counts a campaign's stored assignments that use its budget.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The count; 0 when none.</returns>
    Task<int> CountBudgetUsesAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's assignments in ordinal order of the customer id, after a customer.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="after">The last customer of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page; shorter than <paramref name="limit"/> at the end.</returns>
    Task<IReadOnlyList<CampaignAssignment>> ListAssignmentsAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's assignments in every campaign, by campaign id (ordinal).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The assignments; empty when none.</returns>
    Task<IReadOnlyList<CampaignAssignment>> ListCustomerAssignmentsAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Adds outcomes, each unless its campaign and customer already have one (idempotent by that key).</summary>
    /// <param name="outcomes">The outcomes; no two with the same campaign and customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were added.</returns>
    Task<int> AddOutcomesAsync(IReadOnlyList<CampaignOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's outcomes in ordinal order of the customer id, after a customer.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="after">The last customer of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most to return, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page; shorter than <paramref name="limit"/> at the end.</returns>
    Task<IReadOnlyList<CampaignOutcome>> ListOutcomesAsync(string campaignId, CustomerId? after, int limit, CancellationToken cancellationToken = default);
}
