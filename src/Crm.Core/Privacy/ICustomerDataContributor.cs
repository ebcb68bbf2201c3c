using System.Text.Json.Nodes;

namespace Crm;

/// <summary>
/// What a package holds about one customer, for <see cref="CrmManager.ExportCustomerDataAsync"/> and
/// <see cref="CrmManager.EraseCustomerPersonalDataAsync"/>: every package that keeps data in a store registers one, naming
/// the stores it answers for, so that an export or an erasure reaches everything (PIPL's rights to see and to delete
/// one's data).
/// </summary>
/// <remarks>
/// A store registered without a contributor that names it is a gap the compliance test
/// (<c>CustomerDataExportComplianceTests</c>) reports. A contributor whose stores hold nothing about single customers
/// (mined models, aggregates) says so by returning <see langword="null"/>.
/// </remarks>
public interface ICustomerDataContributor
{
    /// <summary>Gets the section's name in the export, unique among the contributors, such as <c>points</c>.</summary>
    string Section { get; }

    /// <summary>Gets the store interfaces whose records this contributor exports (or knows hold nothing about single customers).</summary>
    IReadOnlyCollection<Type> Stores { get; }

    /// <summary>Reads what the package holds about the customer.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The section, serialised with <see cref="CrmJson.Options"/>; <see langword="null"/> when the package holds nothing about the customer.</returns>
    ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default);

    /// <summary>Removes the personal data the package keeps about the customer (free text such as notes and comments), keeping what reports need under the customer id.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="erasedAt">The instant of the erasure, stamped on what is erased.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many records changed; 0 when there was nothing (left) to erase, so erasing again changes nothing.</returns>
    ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default);
}
