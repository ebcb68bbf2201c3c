namespace Crm.Baskets.Internal;

/// <summary>Numbers items densely in the order first seen, and keeps each item's category when known.</summary>
internal sealed class ItemTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<string?> _categories = [];

    public int Count => _names.Count;

    public string Name(int item) => _names[item];

    public string? Category(int item) => _categories[item];

    public int Number(string name, string? category = null)
    {
        if (!_numbers.TryGetValue(name, out var number))
        {
            number = _names.Count;
            _numbers.Add(name, number);
            _names.Add(name);
            _categories.Add(category);
        }

        return number;
    }

    /// <summary>The distinct item numbers of a basket.</summary>
    public int[] Encode(IEnumerable<string> basket)
    {
        var set = new HashSet<int>();
        foreach (var item in basket)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(basket));
            set.Add(Number(item));
        }

        return [.. set];
    }
}
