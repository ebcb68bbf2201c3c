using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Churn.Internal;

/// <summary>Crm.Churn's section of a customer's data export: the latest assessment, every episode and every feedback record.</summary>
internal sealed class ChurnDataContributor(IChurnStore store) : ICustomerDataContributor
{
    private const int Page = 100;

    public string Section => "churn";

    public IReadOnlyCollection<Type> Stores { get; } = [typeof(IChurnStore)];

    public async ValueTask<JsonNode?> ExportAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        var assessment = await store.FindAssessmentAsync(customerId, cancellationToken).ConfigureAwait(false);
        var feedback = await store.GetFeedbackAsync(customerId, cancellationToken).ConfigureAwait(false);

        // Episodes are listed by (customer, number) across customers: from this customer's number 0 until another's.
        var episodes = new List<ChurnEpisode>();
        for (var after = 0; ;)
        {
            var page = await store.ListEpisodesAsync(customerId, after, Page, cancellationToken).ConfigureAwait(false);
            var own = page.TakeWhile(e => e.CustomerId == customerId).ToList();
            episodes.AddRange(own);
            if (own.Count < page.Count || page.Count < Page)
            {
                break;
            }

            after = own[^1].Number;
        }

        if (assessment is null && feedback.Count == 0 && episodes.Count == 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["assessment"] = JsonSerializer.SerializeToNode(assessment, CrmJson.Options),
            ["episodes"] = JsonSerializer.SerializeToNode(episodes, CrmJson.Options),
            ["feedback"] = JsonSerializer.SerializeToNode(feedback, CrmJson.Options),
        };
    }

    // Feedback notes are free text; assessments and episodes hold none (their reasons are the library's sentences).
    public async ValueTask<int> EraseAsync(CustomerId customerId, NodaTime.Instant erasedAt, CancellationToken cancellationToken = default) =>
        await store.EraseCustomerTextAsync(customerId, erasedAt, cancellationToken).ConfigureAwait(false);
}
