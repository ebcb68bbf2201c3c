namespace Crm.Feedback;

/// <summary>A page of the SLA breaches of a store.</summary>
/// <param name="Breaches">The breaches, by opening time then ticket id.</param>
/// <param name="ContinuationToken">The token to pass for the next page, or <see langword="null"/> when there is none.</param>
public sealed record SlaBreachPage(IReadOnlyList<SlaBreach> Breaches, string? ContinuationToken);
