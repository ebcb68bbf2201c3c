using System.Runtime.InteropServices;
using System.Text;

namespace Crm.Storage.InMemory;

/// <summary>A text kept in a <see cref="TextLog"/>: where its bytes start and how it is encoded.</summary>
/// <param name="At">Where the bytes start; <see cref="RowRef.None"/> for an empty or <see langword="null"/> text.</param>
/// <param name="Length">
/// For an ASCII text, its length (one byte per character, 0 for empty); -1 for <see langword="null"/>; for any other
/// text, -2 minus its length (two bytes per character, UTF-16 as given).
/// </param>
internal readonly record struct TextRef(RowRef At, int Length)
{
    /// <summary>Gets a value indicating whether the text is kept one byte per character.</summary>
    public bool IsAscii => Length >= 0;

    /// <summary>Gets the number of bytes kept.</summary>
    public int ByteCount => Length >= 0 ? Length : Length == -1 ? 0 : 2 * (-2 - Length);
}

/// <summary>
/// Texts kept as bytes of a <see cref="ChunkedLog{T}"/>, so that a store can keep ids and reasons in value rows
/// (see <see cref="ChunkedLog{T}"/> for why): a text of ASCII characters takes one byte per character, any other text
/// its UTF-16 characters unchanged, so every string reads back exactly as it was given. Also compares kept texts, and
/// finds them by a string's characters without copying them (a <see cref="Dictionary{TKey, TValue}"/> keyed by
/// <see cref="TextRef"/> with this log as its comparer can be searched through
/// <c>GetAlternateLookup&lt;ReadOnlySpan&lt;char&gt;&gt;()</c>).
/// </summary>
/// <remarks>Why one byte per ASCII character: ids, keys and explanations are mostly ASCII, and on a virtual machine
/// every kept page costs a page fault (see docs/performance.md); this halves what the text log keeps.</remarks>
/// <threadsafety><see cref="Add"/> may be called from many threads; a text may be read once its <see cref="TextRef"/> was published (see <see cref="ChunkedLog{T}"/>).</threadsafety>
internal sealed class TextLog : IEqualityComparer<TextRef>, IAlternateEqualityComparer<ReadOnlySpan<char>, TextRef>
{
    /// <summary>Texts up to this length are widened on the stack to be hashed.</summary>
    private const int StackChars = 256;

    private readonly ChunkedLog<byte> _bytes = new();

    /// <summary>Keeps a text.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>Where it is kept.</returns>
    public TextRef Add(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new TextRef(RowRef.None, text is null ? -1 : 0);
        }

        if (Ascii.IsValid(text))
        {
            var at = _bytes.Reserve(text.Length, out var bytes);
            Ascii.FromUtf16(text, bytes, out _);
            return new TextRef(at, text.Length);
        }

        // Characters are read back as chars: start them at an even offset (chunks start 8-byte aligned).
        var wide = MemoryMarshal.AsBytes(text.AsSpan());
        var start = _bytes.Reserve(wide.Length + 1, out var kept);
        if ((start.Offset & 1) != 0)
        {
            start = start with { Offset = start.Offset + 1 };
            kept = kept[1..];
        }

        wide.CopyTo(kept);
        return new TextRef(start, -2 - text.Length);
    }

    /// <summary>Builds a new string of a kept text.</summary>
    /// <param name="text">Where the text is kept.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public string? Get(TextRef text) => text.Length switch
    {
        -1 => null,
        0 => string.Empty,
        > 0 => Encoding.Latin1.GetString(Bytes(text)),
        _ => new string(MemoryMarshal.Cast<byte, char>(Bytes(text))),
    };

    /// <inheritdoc />
    public bool Equals(TextRef x, TextRef y) => x.Length == y.Length && Bytes(x).SequenceEqual(Bytes(y));

    /// <inheritdoc />
    public int GetHashCode(TextRef obj)
    {
        if (!obj.IsAscii)
        {
            return string.GetHashCode(MemoryMarshal.Cast<byte, char>(Bytes(obj)));
        }

        // Hash the characters, as GetHashCode(ReadOnlySpan<char>) does for a string looked up.
        var bytes = Bytes(obj);
        var chars = bytes.Length <= StackChars ? stackalloc char[bytes.Length] : new char[bytes.Length];
        Ascii.ToUtf16(bytes, chars, out _);
        return string.GetHashCode(chars);
    }

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<char> alternate, TextRef other) => other.Length switch
    {
        -1 => false,
        >= 0 => Ascii.Equals(Bytes(other), alternate),
        _ => alternate.SequenceEqual(MemoryMarshal.Cast<byte, char>(Bytes(other))),
    };

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<char> alternate) => string.GetHashCode(alternate);

    /// <inheritdoc />
    public TextRef Create(ReadOnlySpan<char> alternate) => throw new NotSupportedException("Texts are added to the log first.");

    private ReadOnlySpan<byte> Bytes(TextRef text) => text.ByteCount == 0 ? [] : _bytes.Rows(text.At, text.ByteCount);
}
