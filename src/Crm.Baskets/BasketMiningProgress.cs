namespace Crm.Baskets;

/// <summary>How far <see cref="BasketManager.MineAsync"/> has read the journal.</summary>
/// <param name="EntriesRead">The journal entries (purchases and refunds) read so far.</param>
/// <param name="Baskets">The baskets assembled so far.</param>
public readonly record struct BasketMiningProgress(long EntriesRead, int Baskets);
