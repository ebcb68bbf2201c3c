namespace Crm.Storage.InMemory;

/// <summary>
/// An append-only list that gives each value added the next number, so that a value row can keep a number instead of a
/// reference; numbers are read back without a lock.
/// </summary>
/// <threadsafety>Safe to use from many threads at once; <see cref="Get"/> takes no lock.</threadsafety>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class NumberedList<T>
    where T : class
{
    private readonly Lock _gate = new();
    private T[] _values = new T[16];
    private int _count;

    /// <summary>Adds a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its number.</returns>
    public int Add(T value)
    {
        lock (_gate)
        {
            if (_count == _values.Length)
            {
                // Readers index the array without the lock: publish a grown copy rather than growing this one in place.
                var grown = new T[_values.Length * 2];
                Array.Copy(_values, grown, _count);
                Volatile.Write(ref _values, grown);
            }

            _values[_count] = value;
            return _count++;
        }
    }

    /// <summary>Gets the value a number was given to.</summary>
    /// <param name="number">A number returned by <see cref="Add"/>.</param>
    /// <returns>The value.</returns>
    public T Get(int number) => Volatile.Read(ref _values)[number];
}
