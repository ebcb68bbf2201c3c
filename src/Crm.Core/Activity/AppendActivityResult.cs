namespace Crm;

/// <summary>The outcome of <see cref="IActivityStore.AppendAsync"/>.</summary>
/// <param name="Appended"><see langword="true"/> when the entry was new and is now in the journal; <see langword="false"/> when an entry with the same kind and id was already there and nothing was written.</param>
/// <param name="Entry">The entry as stored (with its <see cref="ActivityEntry.Sequence"/>); when <paramref name="Appended"/> is <see langword="false"/>, the entry stored earlier.</param>
/// <param name="Metrics">The customer's metrics after the call.</param>
public sealed record AppendActivityResult(bool Appended, ActivityEntry Entry, CustomerMetrics Metrics);
