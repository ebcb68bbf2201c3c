using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Internal;

namespace Crm.Points.Internal;

/// <summary>Crm.Points' section of a customer's data export: the account with its lots, and every ledger entry, oldest first.</summary>
internal sealed class PointsDataContributor(IPointsLedgerStore store) : ICustomerDataContributor
{
    private const int Page = 500;

    public string Section => "points";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(IPointsLedgerStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var account = await store.FindAsync(customerId, includeLots: true, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return null;
        }

        // The ledger pages newest first (each page's last entry is the key of the next, older page); the export lists it oldest first.
        var entries = new List<PointsEntry>();
        await foreach (var entry in KeysetPaging.ReadAllAsync<PointsEntry, long>(
            (before, limit, token) => store.GetEntriesAsync(customerId, before, limit, token), e => e.Sequence, Page, null, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        entries.Reverse();
        return new JsonObject
        {
            ["account"] = JsonSerializer.SerializeToNode(account, CrmJson.Options),
            ["entries"] = JsonSerializer.SerializeToNode(entries, CrmJson.Options),
        };
    }

    // Adjustment and redemption reasons are typed by people; the ledger's numbers, keys and operators stay for the reports.
    public async ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) =>
        await store.EraseCustomerTextAsync(customerId, erasedAt, cancellationToken).ConfigureAwait(false);
}
