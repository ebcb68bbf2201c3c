namespace Crm.Baskets.Internal;

/// <summary>An itemset as a dictionary key: item numbers ascending, compared by value.</summary>
internal readonly struct ItemsetKey(int[] items) : IEquatable<ItemsetKey>
{
    public int[] Items { get; } = items;

    public ItemsetKey Without(int index) => new([.. Items.AsSpan(0, index), .. Items.AsSpan(index + 1)]);

    public bool Equals(ItemsetKey other) => Items.AsSpan().SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is ItemsetKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
