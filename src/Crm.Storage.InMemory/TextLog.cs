namespace Crm.Storage.InMemory;

/// <summary>A text kept in a <see cref="TextLog"/>: where its characters start and how many there are (-1 for <see langword="null"/>).</summary>
/// <param name="At">Where the characters start; <see cref="RowRef.None"/> for an empty or <see langword="null"/> text.</param>
/// <param name="Length">The number of characters, or -1 for <see langword="null"/>.</param>
internal readonly record struct TextRef(RowRef At, int Length);

/// <summary>
/// Texts kept as characters of a <see cref="ChunkedLog{T}"/>, so that a store can keep ids and reasons in value rows
/// (see <see cref="ChunkedLog{T}"/> for why); also compares kept texts, and finds them by a string's characters without
/// copying them (a <see cref="Dictionary{TKey, TValue}"/> keyed by <see cref="TextRef"/> with this log as its comparer
/// can be searched through <c>GetAlternateLookup&lt;ReadOnlySpan&lt;char&gt;&gt;()</c>).
/// </summary>
/// <threadsafety><see cref="Add"/> may be called from many threads; a text may be read once its <see cref="TextRef"/> was published (see <see cref="ChunkedLog{T}"/>).</threadsafety>
internal sealed class TextLog : IEqualityComparer<TextRef>, IAlternateEqualityComparer<ReadOnlySpan<char>, TextRef>
{
    private readonly ChunkedLog<char> _chars = new();

    /// <summary>Keeps a text.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>Where it is kept.</returns>
    public TextRef Add(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new TextRef(RowRef.None, text is null ? -1 : 0);
        }

        var at = _chars.Reserve(text.Length, out var chars);
        text.AsSpan().CopyTo(chars);
        return new TextRef(at, text.Length);
    }

    /// <summary>Builds a new string of a kept text.</summary>
    /// <param name="text">Where the text is kept.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public string? Get(TextRef text) => text.Length switch
    {
        < 0 => null,
        0 => string.Empty,
        _ => new string(_chars.Rows(text.At, text.Length)),
    };

    /// <summary>Gets the characters of a kept text (none for <see langword="null"/>).</summary>
    /// <param name="text">Where the text is kept.</param>
    /// <returns>The characters.</returns>
    public ReadOnlySpan<char> Chars(TextRef text) => text.Length <= 0 ? [] : _chars.Rows(text.At, text.Length);

    /// <inheritdoc />
    public bool Equals(TextRef x, TextRef y) => x.Length == y.Length && Chars(x).SequenceEqual(Chars(y));

    /// <inheritdoc />
    public int GetHashCode(TextRef obj) => string.GetHashCode(Chars(obj));

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<char> alternate, TextRef other) => alternate.SequenceEqual(Chars(other));

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<char> alternate) => string.GetHashCode(alternate);

    /// <inheritdoc />
    public TextRef Create(ReadOnlySpan<char> alternate) => throw new NotSupportedException("Texts are added to the log first.");
}
