using System.Collections.Concurrent;

namespace Crm.Storage.InMemory;

/// <summary>
/// Numbers the distinct values a store meets (store ids, SKUs, categories, currencies), so that a value row keeps a
/// number instead of a reference, and each value is kept once however many rows name it.
/// </summary>
/// <remarks>
/// Meant for values that repeat across rows: the table keeps every value it was given for as long as it lives. Ids that
/// may be new in every row (purchase ids; line ids, which some hosts number per order) belong in a <see cref="TextLog"/>.
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; <see cref="Get"/> takes no lock.</threadsafety>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class InternTable<T>
    where T : class
{
    private readonly ConcurrentDictionary<T, int> _numbers;
    private readonly NumberedList<T> _values = new();
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="InternTable{T}"/> class.</summary>
    /// <param name="comparer">How values are compared.</param>
    public InternTable(IEqualityComparer<T> comparer)
    {
        _numbers = new ConcurrentDictionary<T, int>(comparer);
    }

    /// <summary>Gets the number of a value, giving it the next one if it is new.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its number.</returns>
    public int Intern(T value)
    {
        if (_numbers.TryGetValue(value, out var number))
        {
            return number;
        }

        lock (_gate)
        {
            if (!_numbers.TryGetValue(value, out number))
            {
                // Numbered before it is published in the map, so a number found there can always be read back.
                number = _values.Add(value);
                _numbers[value] = number;
            }

            return number;
        }
    }

    /// <summary>Gets the value a number was given to.</summary>
    /// <param name="number">A number returned by <see cref="Intern"/>.</param>
    /// <returns>The value.</returns>
    public T Get(int number) => _values.Get(number);
}
