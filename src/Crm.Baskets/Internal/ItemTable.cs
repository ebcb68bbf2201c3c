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
    public int[] Encode(IEnumerable<string> basket) => Encode(basket.Select(item => (item ?? throw new ArgumentNullException(nameof(basket)), (string?)null)));

    /// <summary>The distinct item numbers of a basket of items with their categories (the first category seen of an item is kept).</summary>
    /// <remarks>Duplicates are found by stamping each item with the basket's number, not with a set per basket: a million baskets would make a million sets.</remarks>
    public int[] Encode(IEnumerable<(string Item, string? Category)> basket)
    {
        _stamp++;
        _buffer.Clear();
        foreach (var (item, category) in basket)
        {
            var number = Number(item, category);
            if (number >= _seen.Length)
            {
                Array.Resize(ref _seen, Math.Max(_seen.Length * 2, number + 1));
            }

            if (_seen[number] != _stamp)
            {
                _seen[number] = _stamp;
                _buffer.Add(number);
            }
        }

        return [.. _buffer];
    }

    private readonly List<int> _buffer = [];
    private int[] _seen = new int[64];
    private int _stamp;
}
