using NodaTime;

namespace Crm;

/// <summary>
/// A position in the journal's purchase-time order, the key <see cref="IActivityStore.ListEntriesAsync"/> pages on:
/// entries sort by <see cref="PurchasedAt"/>, then <see cref="PurchaseId"/> (ordinal), then <see cref="Kind"/> (a purchase
/// before its refunds), then <see cref="Id"/> (ordinal).
/// </summary>
/// <param name="PurchasedAt">The entry's <see cref="ActivityEntry.PurchasedAt"/>.</param>
/// <param name="PurchaseId">The entry's <see cref="ActivityEntry.PurchaseId"/>.</param>
/// <param name="Kind">The entry's <see cref="ActivityEntry.Kind"/>.</param>
/// <param name="Id">The entry's <see cref="ActivityEntry.Id"/>.</param>
public readonly record struct JournalPosition(Instant PurchasedAt, string PurchaseId, ActivityKind Kind, string Id)
{
    /// <summary>Gets the position of an entry, to read the entries after it.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Its position.</returns>
    public static JournalPosition Of(ActivityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.PurchasedAt, entry.PurchaseId, entry.Kind, entry.Id);
    }
}
