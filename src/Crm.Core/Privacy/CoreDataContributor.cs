using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Internal;

/// <summary>Crm.Core's section: the profile, the consent history, the metrics and every journal entry.</summary>
internal sealed class CoreDataContributor(ICustomerStore customers, IConsentStore consents, IActivityStore activity) : ICustomerDataContributor
{
    private const int Page = 500;

    public string Section => "core";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(ICustomerStore), typeof(IConsentStore), typeof(IActivityStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var profile = await customers.FindAsync(customerId, cancellationToken).ConfigureAwait(false);
        var consentHistory = await consents.ListAsync(customerId, cancellationToken).ConfigureAwait(false);
        var metrics = await activity.GetMetricsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var journal = new List<ActivityEntry>();
        await foreach (var entry in KeysetPaging.ReadAllAsync<ActivityEntry, long>(
            (after, limit, token) => activity.GetEntriesAsync(customerId, after ?? 0, limit, token), e => e.Sequence, Page, null, cancellationToken).ConfigureAwait(false))
        {
            journal.Add(entry);
        }

        if (profile is null && consentHistory.Count == 0 && metrics is null && journal.Count == 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["profile"] = JsonSerializer.SerializeToNode(profile, CrmJson.Options),
            ["consents"] = JsonSerializer.SerializeToNode(consentHistory, CrmJson.Options),
            ["metrics"] = JsonSerializer.SerializeToNode(metrics, CrmJson.Options),
            ["journal"] = JsonSerializer.SerializeToNode(journal, CrmJson.Options),
        };
    }

    // The profile, the only personal data Core keeps, is erased by CrmManager itself before the packages are asked. Consent
    // records stay: they are the proof of consent, and hold keys only (source, operator), no free text.
    public ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
}
