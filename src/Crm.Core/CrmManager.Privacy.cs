using System.Text.Json.Nodes;
using Crm.Internal;

namespace Crm;

public sealed partial class CrmManager
{
    /// <summary>
    /// Exports everything the installed packages hold about a customer (PIPL's right to see one's data): the profile with
    /// its consent history, the metrics and the journal, and each package's section (points entries and lots, tier and history,
    /// coupons, segments, churn assessment, episodes and feedback, …), read through each package's
    /// <see cref="ICustomerDataContributor"/>.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The export; <see cref="CustomerDataExport.ToJson"/> gives it as one JSON document.</returns>
    /// <remarks>
    /// Sections are read one after the other, each from committed state, not as one snapshot: a fact recorded meanwhile
    /// may show in a later section and not in an earlier one. A customer unknown to every package gives an export with no
    /// sections.
    /// </remarks>
    /// <exception cref="CrmValidationException">The customer id is not valid (<see cref="CrmErrorCodes.CustomerIdInvalid"/>).</exception>
    public async Task<CustomerDataExport> ExportCustomerDataAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var sections = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var contributor in _dataContributors)
        {
            if (await contributor.ExportAsync(customerId, cancellationToken).ConfigureAwait(false) is { } section)
            {
                sections.Add(contributor.Section, section);
            }
        }

        return new CustomerDataExport { CustomerId = customerId, ExportedAt = _clock.GetCurrentInstant(), Sections = sections };
    }
}
